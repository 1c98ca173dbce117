package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/datasourcetest"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

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
	expectFrameChunks(t, chunks, refID, format, 1)
}

// expectFrameChunks checks that refID got exactly n chunks, in stream order frames f0 … f<n-1>,
// each with status 200, no error, the requested format and a frame whose own refId is refID.
func expectFrameChunks(t *testing.T, chunks []*pluginv2.QueryChunkedDataResponse, refID string, format pluginv2.DataFrameFormat, n int) {
	t.Helper()
	mine := chunksOf(chunks, refID)
	if len(mine) != n {
		t.Fatalf("refId %s: got %d chunks, want %d frame chunks", refID, len(mine), n)
	}
	for i, c := range mine {
		want := fmt.Sprintf("f%d", i)
		if c.FrameId != want || c.Status != 200 || c.Error != "" || c.Format != format || len(c.Frame) == 0 {
			t.Errorf("refId %s chunk %d: frameId %q, status %d, error %q, format %v, %d frame bytes; want %s, 200, no error, %v, a frame",
				refID, i, c.FrameId, c.Status, c.Error, c.Format, len(c.Frame), want, format)
			continue
		}
		if f := chunkFrame(t, c); f.RefID != refID {
			t.Errorf("refId %s chunk %s: the frame's refId is %q", refID, c.FrameId, f.RefID)
		}
	}
}

// chunkFrame decodes one chunk's frame with the Go SDK, as Arrow or frame JSON per its format.
func chunkFrame(t *testing.T, c *pluginv2.QueryChunkedDataResponse) *data.Frame {
	t.Helper()
	if c.Format == pluginv2.DataFrameFormat_JSON {
		f := &data.Frame{}
		if err := json.Unmarshal(c.Frame, f); err != nil {
			t.Fatalf("refId %s chunk %s: the Go SDK cannot decode the frame JSON: %v", c.RefId, c.FrameId, err)
		}
		return f
	}
	f, err := data.UnmarshalArrowFrame(c.Frame)
	if err != nil {
		t.Fatalf("refId %s chunk %s: the Go SDK cannot decode the Arrow frame: %v", c.RefId, c.FrameId, err)
	}
	return f
}

// sameFramesAsQueryData compares the accumulated frames, in order, with what QueryData answers
// for the same query.
func sameFramesAsQueryData(t *testing.T, got backend.Responses, refID, model string) {
	t.Helper()
	want, err := backend.FromProto().QueryDataResponse(queryData(t, shared(t), nil, dataQuery(refID, model)))
	if err != nil {
		t.Fatalf("the Go SDK cannot decode the QueryData answer: %v", err)
	}
	g, w := got[refID].Frames, want.Responses[refID].Frames
	if len(g) != len(w) || len(w) == 0 {
		t.Fatalf("chunked gave %d frames, QueryData %d; want the same number, at least one", len(g), len(w))
	}
	for i := range w {
		gj, err1 := g[i].MarshalJSON()
		wj, err2 := w[i].MarshalJSON()
		if err1 != nil || err2 != nil {
			t.Fatalf("marshal frame %d: %v / %v", i, err1, err2)
		}
		if diff := jsonDiff(decodeJSON(t, wj), decodeJSON(t, gj), fmt.Sprintf("$[%d]", i)); diff != "" {
			t.Fatalf("chunked frame %d differs from the QueryData frame: %s", i, diff)
		}
	}
}
