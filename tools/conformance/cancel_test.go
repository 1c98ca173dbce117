package conformance

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"dsforge.dev/tools/conformance/host"
)

// slowQuery runs the `slow` scenario with ctx. Under a deadline the plugin sees the same deadline
// (grpc-timeout) and may answer with a per-query error just before the client gives up, so both
// outcomes are returned.
func slowQuery(ctx context.Context, t *testing.T, p *host.Plugin, refID string) (*pluginv2.QueryDataResponse, error) {
	t.Helper()
	return p.Data.QueryData(ctx, &pluginv2.QueryDataRequest{
		PluginContext: pluginContext(dsUID, "{}", nil),
		Queries:       []*pluginv2.DataQuery{dataQuery(refID, `{"scenario":"slow"}`)},
	})
}

// cancelAfter returns a context cancelled after d, and a channel yielding the cancel time.
func cancelAfter(d time.Duration) (context.Context, <-chan time.Time) {
	ctx, cancel := context.WithCancel(context.Background())
	at := make(chan time.Time, 1)
	time.AfterFunc(d, func() { at <- time.Now(); cancel() })
	return ctx, at
}

// waitCancelled polls the stats resource until `cancelled` exceeds before.
func waitCancelled(t *testing.T, p *host.Plugin, before float64) float64 {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, _ := stats(t, p)
		if c > before {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats.cancelled stayed at %v: the plugin did not notice the cancellation", c)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestCancellation(t *testing.T) {
	t.Run("a slow query cancelled after 200 ms returns promptly and the plugin counts the cancellation", func(t *testing.T) {
		p := shared(t)
		before, _ := stats(t, p)
		ctx, cancelledAt := cancelAfter(200 * time.Millisecond)
		_, err := slowQuery(ctx, t, p, "slow-cancel")
		took := time.Since(<-cancelledAt)
		if status.Code(err) != codes.Canceled {
			t.Errorf("call error = %v, want gRPC Canceled", err)
		}
		if took > 5*time.Second {
			t.Errorf("call returned %v after cancel, want well under 5 s", took)
		}
		t.Logf("returned %v after cancel", took)
		if c := waitCancelled(t, p, before); c < 1 {
			t.Errorf("stats.cancelled = %v, want ≥ 1", c)
		}
	})

	t.Run("a slow query with a 300 ms deadline returns promptly and the plugin counts it", func(t *testing.T) {
		p := shared(t)
		before, _ := stats(t, p)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		began := time.Now()
		res, err := slowQuery(ctx, t, p, "slow-deadline")
		switch {
		case err == nil:
			// The plugin answered at its (propagated) deadline: the query must carry an error.
			if r := res.Responses["slow-deadline"]; r == nil || r.Error == "" {
				t.Errorf("slow query answered without an error at its deadline: %+v", r)
			}
		case status.Code(err) != codes.DeadlineExceeded && !errors.Is(err, context.DeadlineExceeded):
			t.Errorf("call error = %v, want DeadlineExceeded", err)
		}
		if took := time.Since(began); took > 300*time.Millisecond+5*time.Second {
			t.Errorf("call took %v, want the deadline plus well under 5 s", took)
		}
		waitCancelled(t, p, before)
	})
}
