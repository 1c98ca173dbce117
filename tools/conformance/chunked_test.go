package conformance

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"dsforge.dev/tools/conformance/host"
)

// queryChunked sends queries over QueryChunkedData and returns every chunk until the stream ends;
// a gRPC error fails the check.
func queryChunked(t *testing.T, p *host.Plugin, cfg map[string]string, format pluginv2.DataFrameFormat, queries ...*pluginv2.DataQuery) []*pluginv2.QueryChunkedDataResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := p.Data.QueryChunkedData(ctx, &pluginv2.QueryChunkedDataRequest{
		PluginContext: pluginContext(dsUID, "{}", cfg),
		Headers:       map[string]string{"http_X-Grafana-Org-Id": "1"},
		Queries:       queries,
		Format:        format,
	})
	if err != nil {
		t.Fatalf("QueryChunkedData failed as a whole: %v", err)
	}
	var chunks []*pluginv2.QueryChunkedDataResponse
	for {
		c, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return chunks
		}
		if err != nil {
			t.Fatalf("QueryChunkedData stream failed after %d chunks: %v", len(chunks), err)
		}
		chunks = append(chunks, c)
	}
}

// accumulate reads chunks with the SDK's own accumulator for the format (what its test client uses).
func accumulate(t *testing.T, chunks []*pluginv2.QueryChunkedDataResponse, format pluginv2.DataFrameFormat) backend.Responses {
	t.Helper()
	seq := func(yield func(*pluginv2.QueryChunkedDataResponse, error) bool) {
		for _, c := range chunks {
			if !yield(c, nil) {
				return
			}
		}
	}
	acc := datasourcetest.AccumulateArrow
	if format == pluginv2.DataFrameFormat_JSON {
		acc = datasourcetest.AccumulateJSON
	}
	res, err := acc(seq)
	if err != nil {
		t.Fatalf("the Go SDK cannot accumulate the chunks: %v", err)
	}
	return res.Responses
}

// chunksOf returns refID's chunks in stream order.
func chunksOf(chunks []*pluginv2.QueryChunkedDataResponse, refID string) []*pluginv2.QueryChunkedDataResponse {
	var out []*pluginv2.QueryChunkedDataResponse
	for _, c := range chunks {
		if c.RefId == refID {
			out = append(out, c)
		}
	}
	return out
}

// expectErrorChunk checks that refID got exactly one chunk: an error without a frame. The Go SDK's
// chunk writer never sets errorSource, so the source is checked only when the plugin sends one.
func expectErrorChunk(t *testing.T, chunks []*pluginv2.QueryChunkedDataResponse, refID string, status int32, source, contains string) {
	t.Helper()
	mine := chunksOf(chunks, refID)
	if len(mine) != 1 {
		t.Fatalf("refId %s: got %d chunks, want one error chunk", refID, len(mine))
	}
	c := mine[0]
	if c.Status != status || !strings.Contains(c.Error, contains) || len(c.Frame) != 0 || c.FrameId != "" {
		t.Errorf("refId %s: status %d, error %q, frameId %q, %d frame bytes; want %d, an error containing %q, no frame",
			refID, c.Status, c.Error, c.FrameId, len(c.Frame), status, contains)
	}
	if c.ErrorSource != "" && c.ErrorSource != source {
		t.Errorf("refId %s: errorSource = %q, want %q (or none, as the Go SDK sends)", refID, c.ErrorSource, source)
	}
}

// expectFrameChunk checks that refID got exactly one chunk: frame f0, status 200, in format.
func expectFrameChunk(t *testing.T, chunks []*pluginv2.QueryChunkedDataResponse, refID string, format pluginv2.DataFrameFormat) {
	t.Helper()
	mine := chunksOf(chunks, refID)
	if len(mine) != 1 {
		t.Fatalf("refId %s: got %d chunks, want one frame chunk", refID, len(mine))
	}
	c := mine[0]
	if c.FrameId != "f0" || c.Status != 200 || c.Error != "" || c.Format != format || len(c.Frame) == 0 {
		t.Errorf("refId %s: frameId %q, status %d, error %q, format %v, %d frame bytes; want f0, 200, no error, %v, a frame",
			refID, c.FrameId, c.Status, c.Error, c.Format, len(c.Frame), format)
	}
}

// sameFrameAsQueryData compares the accumulated frame with what QueryData answers for the same query.
func sameFrameAsQueryData(t *testing.T, got backend.Responses, refID, model string) {
	t.Helper()
	want, err := backend.FromProto().QueryDataResponse(queryData(t, shared(t), nil, dataQuery(refID, model)))
	if err != nil {
		t.Fatalf("the Go SDK cannot decode the QueryData answer: %v", err)
	}
	g, w := got[refID].Frames, want.Responses[refID].Frames
	if len(g) != 1 || len(w) != 1 {
		t.Fatalf("chunked gave %d frames, QueryData %d; want one each", len(g), len(w))
	}
	gj, err1 := g[0].MarshalJSON()
	wj, err2 := w[0].MarshalJSON()
	if err1 != nil || err2 != nil {
		t.Fatalf("marshal: %v / %v", err1, err2)
	}
	if diff := jsonDiff(decodeJSON(t, wj), decodeJSON(t, gj), "$"); diff != "" {
		t.Fatalf("chunked frame differs from the QueryData frame: %s", diff)
	}
}

func TestQueryChunkedData(t *testing.T) {
	for _, format := range []pluginv2.DataFrameFormat{pluginv2.DataFrameFormat_ARROW, pluginv2.DataFrameFormat_JSON} {
		t.Run("rows in "+format.String()+" is one chunk f0 that the SDK accumulates into the QueryData frame", func(t *testing.T) {
			model := `{"scenario":"rows","rows":50}`
			chunks := queryChunked(t, shared(t), nil, format, dataQuery("A", model))
			expectFrameChunk(t, chunks, "A", format)
			sameFrameAsQueryData(t, accumulate(t, chunks, format), "A", model)
		})
	}

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
		got, err := frames[0].MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(goldenJSON)
		if err != nil {
			t.Fatal(err)
		}
		golden := decodeJSON(t, want)
		dropNullMinMax(golden)
		if diff := jsonDiff(golden, decodeJSON(t, got), "$"); diff != "" {
			t.Fatalf("frame JSON differs from the golden file: %s", diff)
		}
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
