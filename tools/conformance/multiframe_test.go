package conformance

import (
	"fmt"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
)

// expectSeriesFrames checks frames against the multi_frame contract: n frames in order, frame i
// named series-<i> with refId refID, meta.executedQueryString "multi_frame <i+1>/<n>", a time
// field from the range start in 1 s steps and a float64 value field i*10+row labelled series=<i>.
func expectSeriesFrames(t *testing.T, frames data.Frames, refID string, n int) {
	t.Helper()
	if len(frames) != n {
		t.Fatalf("got %d frames, want %d", len(frames), n)
	}
	for i, f := range frames {
		if want := fmt.Sprintf("series-%d", i); f.Name != want || f.RefID != refID {
			t.Errorf("frame %d: name/refId %q/%q, want %s/%s", i, f.Name, f.RefID, want, refID)
		}
		if want := fmt.Sprintf("multi_frame %d/%d", i+1, n); f.Meta == nil || f.Meta.ExecutedQueryString != want {
			t.Errorf("frame %d: meta %+v, want executedQueryString %q", i, f.Meta, want)
		}
		if len(f.Fields) != 2 || f.Fields[0].Type() != data.FieldTypeTime || f.Fields[1].Type() != data.FieldTypeFloat64 {
			t.Fatalf("frame %d: want fields time (time) and value (float64), got %d fields", i, len(f.Fields))
		}
		if got := f.Fields[1].Labels.String(); got != fmt.Sprintf("series=%d", i) {
			t.Errorf("frame %d: value labels %q, want series=%d", i, got, i)
		}
		if rows, err := f.RowLen(); err != nil || rows != 3 {
			t.Fatalf("frame %d: %d rows (%v), want 3", i, rows, err)
		}
		for row := range 3 {
			if tm := f.Fields[0].At(row).(time.Time); !tm.Equal(timeFrom.Add(time.Duration(row) * time.Second)) {
				t.Errorf("frame %d: time[%d] = %v", i, row, tm)
			}
			if v := f.Fields[1].At(row).(float64); v != float64(i*10+row) {
				t.Errorf("frame %d: value[%d] = %v, want %d", i, row, v, i*10+row)
			}
		}
	}
}

func TestMultiFrame(t *testing.T) {
	t.Run("multi_frame with frames 4 answers four frames in order, each with the query's refId, name, labels and values", func(t *testing.T) {
		r := response(t, queryData(t, shared(t), nil, dataQuery("M", `{"scenario":"multi_frame","frames":4}`)), "M")
		expectOK(t, r)
		frames, err := data.UnmarshalArrowFrames(r.Frames)
		if err != nil {
			t.Fatalf("Go SDK cannot decode the frames: %v", err)
		}
		expectSeriesFrames(t, frames, "M", 4)
	})

	t.Run("multi_frame defaults to 3 frames, and frames 0 is status 200 without frames", func(t *testing.T) {
		res := queryData(t, shared(t), nil,
			dataQuery("D", `{"scenario":"multi_frame"}`), dataQuery("Z", `{"scenario":"multi_frame","frames":0}`))
		d := response(t, res, "D")
		expectOK(t, d)
		if len(d.Frames) != 3 {
			t.Errorf("default: %d frames, want 3", len(d.Frames))
		}
		z := response(t, res, "Z")
		expectOK(t, z)
		if len(z.Frames) != 0 {
			t.Errorf("frames 0: %d frames, want none", len(z.Frames))
		}
	})

	t.Run("a frames count that is over 1000 or not an integer is a 400 plugin error naming the limit", func(t *testing.T) {
		bad := map[string]string{"A": "1001", "B": "-1", "C": "2.5", "D": `"3"`}
		var queries []*pluginv2.DataQuery
		for refID, n := range bad {
			queries = append(queries, dataQuery(refID, `{"scenario":"multi_frame","frames":`+n+`}`))
		}
		res := queryData(t, shared(t), nil, queries...)
		for refID, n := range bad {
			r := response(t, res, refID)
			want := `query "frames" must be an integer from 0 to 1000, got ` + n
			expectError(t, r, 400, "plugin", want)
			if r.Error != want {
				t.Errorf("frames %s: error %q, want exactly %q", n, r.Error, want)
			}
		}
	})
}
