package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

func TestQueryData(t *testing.T) {
	t.Run("rows returns one frame the Go SDK decodes with time, float64 and string fields", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"rows","rows":100}`)), "A")
		expectOK(t, r)
		frames, err := data.UnmarshalArrowFrames(r.Frames)
		if err != nil {
			t.Fatalf("Go SDK cannot decode the frames: %v", err)
		}
		if len(frames) != 1 {
			t.Fatalf("got %d frames, want 1", len(frames))
		}
		f := frames[0]
		if f.Name != "rows" || f.RefID != "A" {
			t.Errorf("frame name/refId = %q/%q, want rows/A", f.Name, f.RefID)
		}
		if f.Meta == nil || f.Meta.ExecutedQueryString != "rows 100" {
			t.Errorf("meta.executedQueryString = %+v, want \"rows 100\"", f.Meta)
		}
		wantFields := []struct {
			name string
			typ  data.FieldType
		}{{"time", data.FieldTypeTime}, {"value", data.FieldTypeFloat64}, {"label", data.FieldTypeString}}
		if len(f.Fields) != len(wantFields) {
			t.Fatalf("got %d fields, want 3", len(f.Fields))
		}
		for i, w := range wantFields {
			if got := f.Fields[i]; got.Name != w.name || got.Type() != w.typ {
				t.Errorf("field %d = %s %s, want %s %s", i, got.Name, got.Type(), w.name, w.typ)
			}
		}
		if n, err := f.RowLen(); err != nil || n != 100 {
			t.Fatalf("row count = %d (%v), want 100", n, err)
		}
		for _, i := range []int{0, 1, 57, 99} {
			tm := f.Fields[0].At(i).(time.Time)
			if want := timeFrom.Add(time.Duration(i) * time.Second); !tm.Equal(want) {
				t.Errorf("time[%d] = %v, want %v", i, tm, want)
			}
			if v := f.Fields[1].At(i).(float64); v != float64(i)*1.5 {
				t.Errorf("value[%d] = %v, want %v", i, v, float64(i)*1.5)
			}
			if l := f.Fields[2].At(i).(string); l != fmt.Sprintf("series-%d", i%10) {
				t.Errorf("label[%d] = %q", i, l)
			}
		}
	})

	t.Run("all_types decoded by the Go SDK marshals to exactly the golden frame JSON", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"all_types"}`)), "A")
		expectOK(t, r)
		frames, err := data.UnmarshalArrowFrames(r.Frames)
		if err != nil {
			t.Fatalf("Go SDK cannot decode the frames: %v", err)
		}
		if len(frames) != 1 {
			t.Fatalf("got %d frames, want 1", len(frames))
		}
		expectAllTypesGolden(t, frames[0])
	})

	t.Run("a downstream error carries status 400, errorSource downstream and its text", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"error"}`)), "A")
		expectError(t, r, 400, "downstream", "upstream rejected the query: scenario error")
		if r.Error != "upstream rejected the query: scenario error" {
			t.Errorf("error = %q, want exactly the scenario's text", r.Error)
		}
	})

	t.Run("invalid query JSON is a 400 plugin error that says the JSON is invalid", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{"scenario": rows`)), "A")
		expectError(t, r, 400, "plugin", "query JSON is invalid")
	})

	t.Run("an unknown scenario is a 400 plugin error naming the scenario", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"nope"}`)), "A")
		expectError(t, r, 400, "plugin", `unknown scenario "nope"`)
	})

	t.Run("a query without a scenario is a 400 plugin error", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("A", `{}`)), "A")
		expectError(t, r, 400, "plugin", "scenario")
	})

	t.Run("a throwing query gets 500 plugin with its message and a sibling query still succeeds", func(t *testing.T) {
		res := queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"throw"}`), dataQuery("B", `{"scenario":"rows","rows":3}`))
		expectError(t, response(t, res, "A"), 500, "plugin", "boom")
		b := response(t, res, "B")
		expectOK(t, b)
		if frames, err := data.UnmarshalArrowFrames(b.Frames); err != nil || len(frames) != 1 {
			t.Errorf("sibling query frames: %d, %v", len(frames), err)
		}
	})

	t.Run("a frame with mismatched field lengths is a per-query error and the plugin keeps serving", func(t *testing.T) {
		res := queryData(t, shared(t), nil, dataQuery("A", `{"scenario":"mismatch"}`), dataQuery("B", `{"scenario":"rows","rows":1}`))
		a := response(t, res, "A")
		if a.Error == "" || a.Status < 400 || len(a.Frames) != 0 {
			t.Fatalf("mismatch: status %d, error %q, %d frames; want an error and no frames", a.Status, a.Error, len(a.Frames))
		}
		if !strings.Contains(strings.ToLower(a.Error), "length") {
			t.Errorf("error %q does not say the field lengths differ", a.Error)
		}
		expectOK(t, response(t, res, "B"))
		expectOK(t, response(t, queryData(t, shared(t), nil, dataQuery("C", `{"scenario":"rows","rows":1}`)), "C"))
	})

	t.Run("a response over GF_RESPONSE_LIMIT is a per-query error while a smaller one is answered", func(t *testing.T) {
		cfg := map[string]string{"GF_RESPONSE_LIMIT": "1048576"}
		res := queryData(t, shared(t), cfg,
			dataQuery("A", `{"scenario":"big","bytes":4194304}`), dataQuery("B", `{"scenario":"big","bytes":65536}`))
		a := response(t, res, "A")
		if a.Error == "" || a.Status < 400 || len(a.Frames) != 0 {
			t.Errorf("over the limit: status %d, error %q, %d frames; want an error and no frames", a.Status, a.Error, len(a.Frames))
		}
		b := response(t, res, "B")
		expectOK(t, b)
		frames, err := data.UnmarshalArrowFrames(b.Frames)
		if err != nil || len(frames) != 1 || len(frames[0].Fields) != 1 || frames[0].Fields[0].Type() != data.FieldTypeString {
			t.Fatalf("under the limit: want one frame with one string field, got %d frames, %v", len(frames), err)
		}
	})
}

// dropNullMinMax removes `"min": null` / `"max": null` from the golden's field configs. The Go
// SDK cannot return them after any Arrow round trip: it reads config JSON null into a nil
// *ConfFloat64 and omits it when marshalling (decoding the golden .arrow itself with the Go SDK
// gives the same result). Every other key must match exactly.
// expectAllTypesGolden fails unless frame, marshalled by the Go SDK, is the all_types golden frame
// JSON (min/max nulls aside: the SDK drops them from its own golden file too).
func expectAllTypesGolden(t *testing.T, frame *data.Frame) {
	t.Helper()
	got, err := frame.MarshalJSON()
	if err != nil {
		t.Fatalf("Go SDK cannot marshal the decoded frame: %v", err)
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
}

func dropNullMinMax(golden any) {
	schema, _ := golden.(map[string]any)["schema"].(map[string]any)
	fields, _ := schema["fields"].([]any)
	for _, f := range fields {
		cfg, _ := f.(map[string]any)["config"].(map[string]any)
		for _, k := range []string{"min", "max"} {
			if v, ok := cfg[k]; ok && v == nil {
				delete(cfg, k)
			}
		}
	}
}

// expectOK checks a successful response: status 200, no error.
func expectOK(t *testing.T, r *pluginv2.DataResponse) {
	t.Helper()
	if r.Error != "" || r.Status != 200 {
		t.Fatalf("status %d error %q (source %q); want 200 and no error", r.Status, r.Error, r.ErrorSource)
	}
}

// expectError checks a per-query error response.
func expectError(t *testing.T, r *pluginv2.DataResponse, status int32, source, contains string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("status = %d, want %d", r.Status, status)
	}
	if r.ErrorSource != source {
		t.Errorf("errorSource = %q, want %q", r.ErrorSource, source)
	}
	if !strings.Contains(r.Error, contains) {
		t.Errorf("error = %q, want it to contain %q", r.Error, contains)
	}
	if len(r.Frames) != 0 {
		t.Errorf("error response has %d frames, want none", len(r.Frames))
	}
}

// decodeJSON parses JSON keeping numbers exact (int64/uint64 extremes survive).
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("invalid JSON: %v", err)
	}
	return v
}

// jsonDiff describes the first difference between two decoded JSON values ("" if equal).
// Numbers compare by value where both parse as float, else by text.
func jsonDiff(want, got any, path string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want object, got %s", path, short(got))
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s.%s: missing", path, k)
			}
			if d := jsonDiff(wv, gv, path+"."+k); d != "" {
				return d
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				return fmt.Sprintf("%s.%s: unexpected key with %s", path, k, short(g[k]))
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %s, got %s", path, short(want), short(got))
		}
		for i := range w {
			if d := jsonDiff(w[i], g[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	case json.Number:
		g, ok := got.(json.Number)
		if ok && (g == w || numbersEqual(w, g)) {
			return ""
		}
		return fmt.Sprintf("%s: want %s, got %s", path, w, short(got))
	default:
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s: want %s, got %s", path, short(want), short(got))
		}
		return ""
	}
}

// numbersEqual compares two JSON numbers exactly by value (1.50 == 1.5, 1e3 == 1000).
func numbersEqual(a, b json.Number) bool {
	ar, ok1 := new(big.Rat).SetString(string(a))
	br, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && ar.Cmp(br) == 0
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:120]) + "…"
	}
	return string(b)
}
