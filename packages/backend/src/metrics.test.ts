import { createMetricsRegistry, observeRequest, renderMetrics } from './metrics';
import { Registry } from 'prom-client';

describe('metrics', () => {
  it('renders default Node metrics and request metrics as Prometheus text', async () => {
    const registry = createMetricsRegistry();
    observeRequest(registry, 'queryData', 'ok', 0.012);
    observeRequest(registry, 'queryData', 'ok', 0.3);
    observeRequest(registry, 'checkHealth', 'error', 0.001);
    const text = await renderMetrics(registry);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_total_bytes');
    expect(text).toContain('grafana_plugin_request_total{endpoint="queryData",status="ok"} 2');
    expect(text).toContain('grafana_plugin_request_total{endpoint="checkHealth",status="error"} 1');
    expect(text).toContain('grafana_plugin_request_duration_seconds_count{endpoint="queryData"} 2');
    expect(text).toMatch(/# TYPE grafana_plugin_request_duration_seconds histogram/);
  });

  it('keeps registries independent', async () => {
    const a = createMetricsRegistry();
    const b = createMetricsRegistry();
    observeRequest(a, 'queryData', 'ok', 1);
    expect(await renderMetrics(b)).not.toContain('grafana_plugin_request_total{');
  });

  it('registers the request metrics on a user-supplied registry on first use', async () => {
    const own = new Registry();
    observeRequest(own, 'callResource', 'ok', 0.5);
    observeRequest(own, 'callResource', 'ok', Number.NaN); // counted, not observed
    const text = await renderMetrics(own);
    expect(text).toContain('grafana_plugin_request_total{endpoint="callResource",status="ok"} 2');
    expect(text).toContain('grafana_plugin_request_duration_seconds_count{endpoint="callResource"} 1');
  });
});
