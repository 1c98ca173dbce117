package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"

	"dsforge.dev/tools/conformance/host"
)

// StartupResult is launch-to-usable-connection time over several launches.
type StartupResult struct {
	Launches  int       `json:"launches"`
	MedianMs  float64   `json:"medianMs"`
	SamplesMs []float64 `json:"samplesMs"`
}

// Startup launches the binary n times and measures exec → handshake read → gRPC connected.
func Startup(binary string, n int) (StartupResult, error) {
	var samples []time.Duration
	for range n {
		p, err := host.Start(binary, host.Options{})
		if err != nil {
			return StartupResult{}, err
		}
		samples = append(samples, p.Startup)
		p.Kill()
	}
	return StartupResult{Launches: n, MedianMs: ms(median(samples)), SamplesMs: msList(samples)}, nil
}

// CancelResult is how fast a cancellation takes effect.
type CancelResult struct {
	Samples int `json:"samples"`
	// CallReturnMedianMs: cancel → the client call returns (grpc-go returns without waiting for the plugin).
	CallReturnMedianMs float64 `json:"callReturnMedianMs"`
	// PluginNoticedMedianMs: cancel → the plugin's `query cancelled` log line reaches the host.
	PluginNoticedMedianMs float64   `json:"pluginNoticedMedianMs"`
	PluginNoticedMs       []float64 `json:"pluginNoticedMs"`
	Missed                int       `json:"missed"`
}

// Cancellation starts n `slow` queries, cancels each after delay and times the effect.
func Cancellation(p *host.Plugin, n int, delay time.Duration) CancelResult {
	var ret, noticed []time.Duration
	missed := 0
	for i := range n {
		refID := fmt.Sprintf("bench-cancel-%d-%d", time.Now().UnixNano(), i)
		ctx, cancel := context.WithCancel(context.Background())
		cancelled := make(chan time.Time, 1)
		time.AfterFunc(delay, func() { cancelled <- time.Now(); cancel() })
		_, _ = p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{
			PluginContext: pluginContext(),
			Queries:       []*pluginv2.DataQuery{{RefId: refID, Json: []byte(`{"scenario":"slow"}`), TimeRange: &pluginv2.TimeRange{}}},
		})
		at := <-cancelled
		ret = append(ret, time.Since(at))
		_, ok := p.Logs.WaitFor(func(e host.LogEntry) bool {
			return e.FromPlugin() && e.Message == "query cancelled" && e.Fields["refId"] == refID
		}, 5*time.Second)
		if !ok {
			missed++
			continue
		}
		noticed = append(noticed, time.Since(at))
	}
	return CancelResult{
		Samples: n, CallReturnMedianMs: ms(median(ret)),
		PluginNoticedMedianMs: ms(median(noticed)), PluginNoticedMs: msList(noticed), Missed: missed,
	}
}
