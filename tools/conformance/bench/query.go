package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"dsforge.dev/tools/conformance/host"
)

// QueryResult is the QueryData round trip at one concurrency.
type QueryResult struct {
	Concurrency      int     `json:"concurrency"`
	Requests         int     `json:"requests"`
	Errors           int     `json:"errors"`
	DurationMs       float64 `json:"durationMs"`
	P50Ms            float64 `json:"p50Ms"`
	P99Ms            float64 `json:"p99Ms"`
	ThroughputPerSec float64 `json:"throughputPerSec"`
}

// rowsRequest is one `rows` query returning 100 rows.
func rowsRequest(rows int) *pluginv2.QueryDataRequest {
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(),
		Queries: []*pluginv2.DataQuery{{
			RefId: "A", MaxDataPoints: 1000, IntervalMS: 1000,
			Json:      fmt.Appendf(nil, `{"scenario":"rows","rows":%d}`, rows),
			TimeRange: &pluginv2.TimeRange{FromEpochMS: from.UnixMilli(), ToEpochMS: from.Add(time.Hour).UnixMilli()},
		}},
	}
}

func pluginContext() *pluginv2.PluginContext {
	return &pluginv2.PluginContext{
		OrgId: 1, PluginId: "dsforge-example-datasource", PluginVersion: "0.1.0",
		User: &pluginv2.User{Login: "admin", Role: "Admin"},
		DataSourceInstanceSettings: &pluginv2.DataSourceInstanceSettings{
			Id: 1, Uid: "bench-ds", Name: "bench", JsonData: []byte("{}"), LastUpdatedMS: 1,
		},
	}
}

// QueryData sends up to total requests (stopping at maxDur) with the given concurrency.
// A request fails if the call errors or the query's response carries an error.
func QueryData(p *host.Plugin, rows, concurrency, total int, maxDur time.Duration) QueryResult {
	req := rowsRequest(rows)
	var (
		next   atomic.Int64
		errs   atomic.Int64
		mu     sync.Mutex
		lat    = make([]time.Duration, 0, total)
		wg     sync.WaitGroup
		stopAt = time.Now().Add(maxDur)
	)
	began := time.Now()
	for range concurrency {
		wg.Go(func() {
			local := make([]time.Duration, 0, total/concurrency+1)
			for next.Add(1) <= int64(total) && time.Now().Before(stopAt) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				t0 := time.Now()
				res, err := p.Data.QueryData(ctx, req)
				d := time.Since(t0)
				cancel()
				if err != nil || res.Responses["A"] == nil || res.Responses["A"].Error != "" {
					errs.Add(1)
					continue
				}
				local = append(local, d)
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	took := time.Since(began)
	return QueryResult{
		Concurrency: concurrency, Requests: len(lat) + int(errs.Load()), Errors: int(errs.Load()),
		DurationMs: ms(took), P50Ms: ms(percentile(lat, 50)), P99Ms: ms(percentile(lat, 99)),
		ThroughputPerSec: float64(len(lat)) / took.Seconds(),
	}
}

// Warm runs a few requests so JIT/connection warm-up does not count.
func Warm(p *host.Plugin, rows, n int) {
	QueryData(p, rows, 1, n, 10*time.Second)
}
