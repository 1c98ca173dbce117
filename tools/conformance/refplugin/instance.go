package main

import (
	"context"
	"encoding/json"
	"sync/atomic"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Process-wide counters reported by the `stats` resource.
var (
	cancelledQueries atomic.Int64
	instancesCreated atomic.Int64
)

// queriesTotal is the contract's custom metric, exposed through CollectMetrics.
var queriesTotal = promauto.NewCounter(prometheus.CounterOpts{
	Name: "dsforge_example_queries_total",
	Help: "Queries received by the example datasource.",
})

// instanceSettings is the part of jsonData the example reads.
type instanceSettings struct {
	FailHealth bool `json:"failHealth"`
}

// instance is one datasource instance (per uid + updated time, managed by the SDK).
type instance struct {
	uid      string
	seq      int64
	settings instanceSettings
}

var (
	_ backend.QueryDataHandler    = (*instance)(nil)
	_ backend.CheckHealthHandler  = (*instance)(nil)
	_ backend.CallResourceHandler = (*instance)(nil)
	_ backend.StreamHandler       = (*instance)(nil)
)

func newInstance(_ context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	inst := &instance{uid: s.UID, seq: instancesCreated.Add(1)}
	if len(s.JSONData) > 0 {
		// Bad jsonData is not fatal for the example: it just means no options are set.
		_ = json.Unmarshal(s.JSONData, &inst.settings)
	}
	return inst, nil
}

// CheckHealth reports OK with the instance identity, or ERROR when jsonData.failHealth is set.
func (d *instance) CheckHealth(_ context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settings.FailHealth {
		return &backend.CheckHealthResult{
			Status:  backend.HealthStatusError,
			Message: "Health check failed because jsonData.failHealth is set",
		}, nil
	}
	details, err := json.Marshal(map[string]any{"uid": d.uid, "instance": d.seq})
	if err != nil {
		return nil, err
	}
	return &backend.CheckHealthResult{
		Status:      backend.HealthStatusOk,
		Message:     "Example datasource is working",
		JSONDetails: details,
	}, nil
}
