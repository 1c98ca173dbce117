package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// ticksRequest is RunStream's data JSON for the `ticks` path.
type ticksRequest struct {
	Count      *int `json:"count"`
	IntervalMs *int `json:"intervalMs"`
}

// SubscribeStream allows only the `ticks` path.
func (d *instance) SubscribeStream(_ context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	if req.Path == "ticks" {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK}, nil
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
}

// PublishStream is never allowed.
func (d *instance) PublishStream(_ context.Context, _ *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}

// RunStream sends `count` one-row frames (time, value = tick index), the first with its schema.
func (d *instance) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	count, interval := 5, 10
	if len(req.Data) > 0 {
		var t ticksRequest
		if err := json.Unmarshal(req.Data, &t); err == nil {
			if t.Count != nil {
				count = *t.Count
			}
			if t.IntervalMs != nil {
				interval = *t.IntervalMs
			}
		}
	}
	for i := range count {
		if i > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Duration(interval) * time.Millisecond):
			}
		}
		f := data.NewFrame("ticks",
			data.NewField("time", nil, []time.Time{time.Now()}),
			data.NewField("value", nil, []float64{float64(i)}),
		)
		include := data.IncludeDataOnly
		if i == 0 {
			include = data.IncludeAll
		}
		if err := sender.SendFrame(f, include); err != nil {
			return err
		}
	}
	return nil
}
