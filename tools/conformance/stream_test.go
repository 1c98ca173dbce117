package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func TestStreams(t *testing.T) {
	ctx := func(t *testing.T) context.Context {
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		t.Cleanup(cancel)
		return c
	}

	t.Run("SubscribeStream allows ticks and answers NOT_FOUND for any other path", func(t *testing.T) {
		p := shared(t)
		for path, want := range map[string]pluginv2.SubscribeStreamResponse_Status{
			"ticks": pluginv2.SubscribeStreamResponse_OK, "elsewhere": pluginv2.SubscribeStreamResponse_NOT_FOUND,
		} {
			res, err := p.Stream.SubscribeStream(ctx(t), &pluginv2.SubscribeStreamRequest{
				PluginContext: pluginContext(dsUID, "{}", nil), Path: path,
			})
			if err != nil {
				t.Fatalf("SubscribeStream %s: %v", path, err)
			}
			if res.Status != want {
				t.Errorf("SubscribeStream %s = %v, want %v", path, res.Status, want)
			}
		}
	})

	t.Run("RunStream on ticks sends the requested frames, the first with its schema", func(t *testing.T) {
		stream, err := shared(t).Stream.RunStream(ctx(t), &pluginv2.RunStreamRequest{
			PluginContext: pluginContext(dsUID, "{}", nil), Path: "ticks", Data: []byte(`{"count":4,"intervalMs":10}`),
		})
		if err != nil {
			t.Fatalf("RunStream: %v", err)
		}
		var schema json.RawMessage
		n := 0
		for ; ; n++ {
			pkt, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("packet %d: %v", n, err)
			}
			var parts struct {
				Schema json.RawMessage `json:"schema"`
				Data   json.RawMessage `json:"data"`
			}
			if err := json.Unmarshal(pkt.Data, &parts); err != nil || parts.Data == nil {
				t.Fatalf("packet %d %q is not frame JSON with data: %v", n, pkt.Data, err)
			}
			if n == 0 && parts.Schema == nil {
				t.Fatalf("first packet has no schema: %s", pkt.Data)
			}
			if parts.Schema != nil {
				schema = parts.Schema
			}
			// Data-only packets are read against the last schema, as Grafana Live does. The SDK's
			// decoder needs "schema" before "data".
			full := []byte(`{"schema":` + string(schema) + `,"data":` + string(parts.Data) + `}`)
			f := &data.Frame{}
			if err := f.UnmarshalJSON(full); err != nil {
				t.Fatalf("packet %d: Go SDK cannot parse the frame: %v", n, err)
			}
			if len(f.Fields) != 2 || f.Fields[0].Name != "time" || f.Fields[0].Type() != data.FieldTypeTime || f.Fields[1].Name != "value" {
				t.Fatalf("packet %d fields: %v", n, f.Fields)
			}
			if rows, _ := f.RowLen(); rows != 1 {
				t.Fatalf("packet %d has %d rows, want 1", n, rows)
			}
			if v, ok := f.Fields[1].ConcreteAt(0); !ok || toFloat(v) != float64(n) {
				t.Errorf("packet %d value = %v, want %d", n, v, n)
			}
		}
		if n != 4 {
			t.Errorf("got %d packets, want 4", n)
		}
	})

	t.Run("PublishStream answers PERMISSION_DENIED", func(t *testing.T) {
		res, err := shared(t).Stream.PublishStream(ctx(t), &pluginv2.PublishStreamRequest{
			PluginContext: pluginContext(dsUID, "{}", nil), Path: "ticks", Data: []byte(`{}`),
		})
		if err != nil {
			t.Fatalf("PublishStream: %v", err)
		}
		if res.Status != pluginv2.PublishStreamResponse_PERMISSION_DENIED {
			t.Errorf("status = %v, want PERMISSION_DENIED", res.Status)
		}
	})
}

// toFloat converts any numeric field value to float64 (-1 for non-numbers).
func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	case int64:
		return float64(n)
	case int32:
		return float64(n)
	case uint64:
		return float64(n)
	case int:
		return float64(n)
	}
	return -1
}
