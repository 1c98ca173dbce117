package conformance

import (
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestQueryChunkedData(t *testing.T) {
	for _, format := range []pluginv2.DataFrameFormat{pluginv2.DataFrameFormat_ARROW, pluginv2.DataFrameFormat_JSON} {
		t.Run("rows in "+format.String()+" is one chunk f0 that the SDK accumulates into the QueryData frame", func(t *testing.T) {
			model := `{"scenario":"rows","rows":50}`
			chunks := queryChunked(t, shared(t), nil, format, dataQuery("A", model))
			expectFrameChunk(t, chunks, "A", format)
			sameFramesAsQueryData(t, accumulate(t, chunks, format), "A", model)
		})
	}

	for _, format := range []pluginv2.DataFrameFormat{pluginv2.DataFrameFormat_ARROW, pluginv2.DataFrameFormat_JSON} {
		t.Run("multi_frame in "+format.String()+" is chunks f0…f4 in order, each frame with the query's refId, that the SDK accumulates into the QueryData frames", func(t *testing.T) {
			model := `{"scenario":"multi_frame","frames":5}`
			chunks := queryChunked(t, shared(t), nil, format, dataQuery("M", model), dataQuery("B", `{"scenario":"rows","rows":3}`))
			expectFrameChunks(t, chunks, "M", format, 5)
			expectFrameChunk(t, chunks, "B", format)
			got := accumulate(t, chunks, format)
			expectSeriesFrames(t, got["M"].Frames, "M", 5)
			sameFramesAsQueryData(t, got, "M", model)
		})
	}

	t.Run("multi_frame with frames 0 sends no chunk and a count over the limit is one 400 error chunk naming it", func(t *testing.T) {
		chunks := queryChunked(t, shared(t), nil, pluginv2.DataFrameFormat_ARROW,
			dataQuery("Z", `{"scenario":"multi_frame","frames":0}`), dataQuery("X", `{"scenario":"multi_frame","frames":1001}`),
			dataQuery("B", `{"scenario":"multi_frame","frames":2}`))
		if z := chunksOf(chunks, "Z"); len(z) != 0 {
			t.Errorf("frames 0: got %d chunks, want none (a successful answer without frames sends nothing)", len(z))
		}
		expectErrorChunk(t, chunks, "X", 400, "plugin", `query "frames" must be an integer from 0 to 1000, got 1001`)
		expectFrameChunks(t, chunks, "B", pluginv2.DataFrameFormat_ARROW, 2)
	})

	t.Run("a downstream error is an error chunk with status 400 and its text, and a sibling's frame still arrives", func(t *testing.T) {
		chunks := queryChunked(t, shared(t), nil, pluginv2.DataFrameFormat_ARROW,
			dataQuery("A", `{"scenario":"error"}`), dataQuery("B", `{"scenario":"rows","rows":3}`))
		expectErrorChunk(t, chunks, "A", 400, "downstream", "upstream rejected the query: scenario error")
		expectFrameChunk(t, chunks, "B", pluginv2.DataFrameFormat_ARROW)
	})

	t.Run("invalid query JSON and a throwing query are 400 and 500 plugin error chunks", func(t *testing.T) {
		chunks := queryChunked(t, shared(t), nil, pluginv2.DataFrameFormat_ARROW,
			dataQuery("A", `{"scenario": rows`), dataQuery("B", `{"scenario":"throw"}`))
		expectErrorChunk(t, chunks, "A", 400, "plugin", "query JSON is invalid")
		expectErrorChunk(t, chunks, "B", 500, "plugin", "boom")
	})

	t.Run("a query over GF_RESPONSE_LIMIT is an error chunk while a smaller one is answered", func(t *testing.T) {
		cfg := map[string]string{"GF_RESPONSE_LIMIT": "1048576"}
		chunks := queryChunked(t, shared(t), cfg, pluginv2.DataFrameFormat_ARROW,
			dataQuery("A", `{"scenario":"big","bytes":4194304}`), dataQuery("B", `{"scenario":"big","bytes":65536}`))
		mine := chunksOf(chunks, "A")
		if len(mine) != 1 || mine[0].Error == "" || mine[0].Status < 400 || len(mine[0].Frame) != 0 {
			t.Errorf("over the limit: %d chunks; want one error chunk without a frame", len(mine))
		}
		expectFrameChunk(t, chunks, "B", pluginv2.DataFrameFormat_ARROW)
	})

	t.Run("a slow chunked query cancelled after 200 ms ends with Canceled and the plugin counts it", func(t *testing.T) {
		p := shared(t)
		before, _ := stats(t, p)
		ctx, cancelledAt := cancelAfter(200 * time.Millisecond)
		stream, err := p.Data.QueryChunkedData(ctx, &pluginv2.QueryChunkedDataRequest{
			PluginContext: pluginContext(dsUID, "{}", nil),
			Queries:       []*pluginv2.DataQuery{dataQuery("slow-chunked", `{"scenario":"slow"}`)},
		})
		if err == nil {
			_, err = stream.Recv()
		}
		took := time.Since(<-cancelledAt)
		if status.Code(err) != codes.Canceled {
			t.Errorf("stream error = %v, want gRPC Canceled", err)
		}
		if took > 5*time.Second {
			t.Errorf("the stream ended %v after the cancel, want < 5s", took)
		}
		waitCancelled(t, p, before)
	})
}

func TestDataFrameFormatJSON(t *testing.T) {
	t.Run("QueryData asked for JSON answers frame JSON the SDK decodes into exactly the golden all_types frame", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		res, err := shared(t).Data.QueryData(ctx, &pluginv2.QueryDataRequest{
			PluginContext: pluginContext(dsUID, "{}", nil),
			Queries:       []*pluginv2.DataQuery{dataQuery("A", `{"scenario":"all_types"}`)},
			Format:        pluginv2.DataFrameFormat_JSON,
		})
		if err != nil {
			t.Fatalf("QueryData failed as a whole: %v", err)
		}
		r := response(t, res, "A")
		expectOK(t, r)
		if r.Format != pluginv2.DataFrameFormat_JSON {
			t.Fatalf("response format = %v, want JSON", r.Format)
		}
		decoded, err := backend.FromProto().QueryDataResponse(res)
		if err != nil {
			t.Fatalf("the Go SDK cannot decode the JSON frames: %v", err)
		}
		frames := decoded.Responses["A"].Frames
		if len(frames) != 1 {
			t.Fatalf("got %d frames, want 1", len(frames))
		}
		expectAllTypesGolden(t, frames[0])
	})

	t.Run("QueryData with a format the SDK does not know fails as a whole with gRPC Unknown", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, err := shared(t).Data.QueryData(ctx, &pluginv2.QueryDataRequest{
			PluginContext: pluginContext(dsUID, "{}", nil),
			Queries:       []*pluginv2.DataQuery{dataQuery("A", `{"scenario":"rows","rows":1}`)},
			Format:        pluginv2.DataFrameFormat(7),
		})
		if status.Code(err) != codes.Unknown {
			t.Fatalf("error = %v, want gRPC Unknown", err)
		}
	})
}
