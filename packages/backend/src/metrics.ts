/**
 * Prometheus metrics for Diagnostics/CollectMetrics: default Node process metrics plus per-
 * endpoint request counts and durations. Grafana exposes them at `/metrics/plugins/<id>`.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Counter of handled requests, labelled by endpoint and outcome. */
export const REQUEST_TOTAL = 'grafana_plugin_request_total';
/** Histogram of request durations in seconds, labelled by endpoint. */
export const REQUEST_DURATION = 'grafana_plugin_request_duration_seconds';

/** Buckets from 5 ms to 60 s: datasource queries span that range. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * A registry with Node's default metrics (no prefix) and the runtime's request metrics. Each call
 * makes an independent registry, so tests and multiple servers do not share state.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  ensureRequestMetrics(registry);
  return registry;
}

function ensureRequestMetrics(registry: Registry): {
  total: Counter<'endpoint' | 'status'>;
  duration: Histogram<'endpoint'>;
} {
  const total =
    (registry.getSingleMetric(REQUEST_TOTAL) as Counter<'endpoint' | 'status'> | undefined) ??
    new Counter({
      name: REQUEST_TOTAL,
      help: 'Requests handled by the plugin, by endpoint and status',
      labelNames: ['endpoint', 'status'] as const,
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric(REQUEST_DURATION) as Histogram<'endpoint'> | undefined) ??
    new Histogram({
      name: REQUEST_DURATION,
      help: 'Duration of requests handled by the plugin, by endpoint',
      labelNames: ['endpoint'] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  return { total, duration };
}

/**
 * Records one finished request: increments the counter for `{endpoint, status}` and observes the
 * duration. Works on any registry (a user-supplied one gets the metrics registered on first use).
 * `status` is a short outcome such as `ok`, `error`, `cancel`.
 */
export function observeRequest(registry: Registry, endpoint: string, status: string, seconds: number): void {
  const { total, duration } = ensureRequestMetrics(registry);
  total.inc({ endpoint, status });
  if (Number.isFinite(seconds) && seconds >= 0) duration.observe({ endpoint }, seconds);
}

/** The registry's metrics in Prometheus text exposition format. */
export function renderMetrics(registry: Registry): Promise<string> {
  return registry.metrics();
}
