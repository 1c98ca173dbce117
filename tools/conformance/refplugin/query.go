package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
	"github.com/grafana/grafana-plugin-sdk-go/experimental/concurrent"
)

// queryModel is the example's query JSON.
type queryModel struct {
	Scenario string `json:"scenario"`
	Rows     *int   `json:"rows"`
	Bytes    *int   `json:"bytes"`
	// Frames stays raw so a bad count gets the TypeScript example's message, not a decode error.
	Frames json.RawMessage `json:"frames"`
}

var scenarios = []string{"rows", "all_types", "multi_frame", "error", "throw", "slow", "big", "mismatch"}

// QueryData runs every query concurrently; a panic in one query becomes that query's
// 500/plugin error and leaves the others untouched.
func (d *instance) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	res, err := concurrent.QueryData(ctx, req, func(ctx context.Context, q concurrent.Query) (res backend.DataResponse) {
		queriesTotal.Inc()
		defer func() {
			if r := recover(); r != nil {
				log.DefaultLogger.FromContext(ctx).Error("query handler panicked", "refId", q.DataQuery.RefID, "error", fmt.Sprint(r))
				res = backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, fmt.Sprint(r))
			}
		}()
		return runQuery(ctx, q.DataQuery)
	}, 10)
	if err != nil {
		return nil, err
	}
	enforceLimit(res, responseLimit(req.PluginContext))
	return res, nil
}

func runQuery(ctx context.Context, q backend.DataQuery) backend.DataResponse {
	var m queryModel
	if err := json.Unmarshal(q.JSON, &m); err != nil {
		return badRequest("query JSON is invalid: " + err.Error())
	}
	switch m.Scenario {
	case "":
		return badRequest(`query JSON has no "scenario"; expected one of ` + strings.Join(scenarios, ", "))
	case "rows":
		n := 100
		if m.Rows != nil {
			n = *m.Rows
		}
		return frames(rowsFrame(q.TimeRange.From, n))
	case "all_types":
		f, err := goldenFrame()
		if err != nil {
			return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, err.Error())
		}
		f.RefID = q.RefID
		return frames(f)
	case "multi_frame":
		n, err := frameCount(m.Frames)
		if err != nil {
			return badRequest(err.Error())
		}
		return frames(multiFrames(q.TimeRange.From, n)...)
	case "error":
		return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourceDownstream, "upstream rejected the query: scenario error")
	case "throw":
		panic(errors.New("boom"))
	case "slow":
		<-ctx.Done()
		cancelledQueries.Add(1)
		log.DefaultLogger.FromContext(ctx).Info("query cancelled", "refId", q.RefID)
		return backend.ErrDataResponseWithSource(backend.StatusTimeout, backend.ErrorSourcePlugin, "query cancelled: "+ctx.Err().Error())
	case "big":
		n := 1 << 20
		if m.Bytes != nil {
			n = *m.Bytes
		}
		return frames(bigFrame(n))
	case "mismatch":
		f := data.NewFrame("mismatch",
			data.NewField("a", nil, []float64{1, 2, 3}),
			data.NewField("b", nil, []float64{1, 2}),
		)
		if err := checkLengths(f); err != nil {
			return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourcePlugin, err.Error())
		}
		return frames(f)
	default:
		return badRequest(fmt.Sprintf("unknown scenario %q; expected one of %s", m.Scenario, strings.Join(scenarios, ", ")))
	}
}

func badRequest(msg string) backend.DataResponse {
	return backend.ErrDataResponseWithSource(backend.StatusBadRequest, backend.ErrorSourcePlugin, msg)
}

func frames(f ...*data.Frame) backend.DataResponse {
	return backend.DataResponse{Frames: f, Status: backend.StatusOK}
}

// rowsFrame is the `rows` scenario: time (1 s steps from `from`), value = i*1.5, label = series-(i%10).
func rowsFrame(from time.Time, n int) *data.Frame {
	times := make([]time.Time, n)
	values := make([]float64, n)
	labels := make([]string, n)
	for i := range n {
		times[i] = from.Add(time.Duration(i) * time.Second)
		values[i] = float64(i) * 1.5
		labels[i] = fmt.Sprintf("series-%d", i%10)
	}
	f := data.NewFrame("rows",
		data.NewField("time", nil, times),
		data.NewField("value", nil, values),
		data.NewField("label", nil, labels),
	)
	f.Meta = &data.FrameMeta{ExecutedQueryString: fmt.Sprintf("rows %d", n)}
	return f
}

// bigFrame returns one string field holding about n bytes in 1 KiB values.
func bigFrame(n int) *data.Frame {
	const chunk = 1024
	count := max(n/chunk, 1)
	s := strings.Repeat("x", chunk)
	values := make([]string, count)
	for i := range values {
		values[i] = s
	}
	return data.NewFrame("big", data.NewField("payload", nil, values))
}

// checkLengths names the fields whose lengths differ from the first field's.
func checkLengths(f *data.Frame) error {
	if len(f.Fields) == 0 {
		return nil
	}
	want := f.Fields[0].Len()
	var bad []string
	for _, fld := range f.Fields[1:] {
		if fld.Len() != want {
			bad = append(bad, fmt.Sprintf("%q has %d values", fld.Name, fld.Len()))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("frame %q has fields of different lengths: %q has %d values but %s",
		f.Name, f.Fields[0].Name, want, strings.Join(bad, ", "))
}
