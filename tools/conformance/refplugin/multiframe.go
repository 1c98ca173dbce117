package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// The multi_frame scenario's bounds, as in the TypeScript example (src/backend/multi-frame.ts):
// each frame is its own chunk over QueryChunkedData, so the count is capped.
const (
	maxFrames     = 1000
	defaultFrames = 3
	rowsPerFrame  = 3
)

// frameCount reads `frames` the way the TypeScript example's parseQuery does: absent or null is
// the default; anything but an integer from 0 to maxFrames is an error naming the limit.
func frameCount(raw json.RawMessage) (int, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return defaultFrames, nil
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err == nil && v == math.Trunc(v) && v >= 0 && v <= maxFrames {
		return int(v), nil
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		compact.Reset()
		compact.Write(raw)
	}
	return 0, fmt.Errorf(`query "frames" must be an integer from 0 to %d, got %s`, maxFrames, compact.String())
}

// seriesFrame is frame i of count: series-<i>, time from `from` in 1 s steps, value = i*10 + row
// labelled series=<i>, meta.executedQueryString "multi_frame <i+1>/<count>".
func seriesFrame(from time.Time, i, count int) *data.Frame {
	times := make([]time.Time, rowsPerFrame)
	values := make([]float64, rowsPerFrame)
	for row := range rowsPerFrame {
		times[row] = from.Add(time.Duration(row) * time.Second)
		values[row] = float64(i*10 + row)
	}
	f := data.NewFrame("series-"+strconv.Itoa(i),
		data.NewField("time", nil, times),
		data.NewField("value", data.Labels{"series": strconv.Itoa(i)}, values),
	)
	f.Meta = &data.FrameMeta{ExecutedQueryString: fmt.Sprintf("multi_frame %d/%d", i+1, count)}
	return f
}

// multiFrames is the multi_frame answer: count frames in order.
func multiFrames(from time.Time, count int) []*data.Frame {
	out := make([]*data.Frame, count)
	for i := range out {
		out[i] = seriesFrame(from, i, count)
	}
	return out
}
