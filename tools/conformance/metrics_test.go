package conformance

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

func TestCollectMetrics(t *testing.T) {
	t.Run("CollectMetrics returns Prometheus text that parses and counts queries", func(t *testing.T) {
		p := shared(t)
		queryData(t, p, nil, dataQuery("A", `{"scenario":"rows","rows":1}`))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := p.Diagnostics.CollectMetrics(ctx, &pluginv2.CollectMetricsRequest{PluginContext: pluginContext(dsUID, "{}", nil)})
		if err != nil {
			t.Fatalf("CollectMetrics: %v", err)
		}
		text := res.GetMetrics().GetPrometheus()
		parser := expfmt.NewTextParser(model.UTF8Validation)
		families, err := parser.TextToMetricFamilies(bytes.NewReader(text))
		if err != nil {
			t.Fatalf("not Prometheus text: %v\n%s", err, text)
		}
		mf, ok := families["dsforge_example_queries_total"]
		if !ok {
			t.Fatalf("no dsforge_example_queries_total among %d families", len(families))
		}
		if mf.GetType().String() != "COUNTER" {
			t.Errorf("dsforge_example_queries_total type = %v, want COUNTER", mf.GetType())
		}
		var total float64
		for _, m := range mf.GetMetric() {
			total += m.GetCounter().GetValue()
		}
		if total < 1 {
			t.Errorf("dsforge_example_queries_total = %v, want ≥ 1 after a query", total)
		}
	})
}
