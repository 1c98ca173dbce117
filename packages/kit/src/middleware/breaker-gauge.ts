/**
 * The Prometheus gauge `dsforge_circuit_breaker_state{key,state}`. One gauge per metrics registry
 * (prom-client refuses a second metric of the same name), fed by every breaker registry that was
 * given that metrics registry.
 * @module
 */
import { Gauge, type Registry } from '@dsforge/backend';

import type { BreakerRegistry } from './breaker-registry';

/** Breaker registries feeding each metrics registry's gauge. */
const gaugeSources = new WeakMap<Registry, Set<BreakerRegistry>>();

/** Adds `registry`'s breakers to the gauge on `metrics`, creating the gauge on first use. */
export function registerGauge(metrics: Registry, registry: BreakerRegistry): void {
  let sources = gaugeSources.get(metrics);
  if (!sources) {
    sources = new Set();
    gaugeSources.set(metrics, sources);
    const from = sources;
    const name = 'dsforge_circuit_breaker_state';
    if (!metrics.getSingleMetric(name)) {
      new Gauge({
        name,
        help: 'Circuit breaker state per upstream key: 1 for the current state (closed, open, half_open), else 0.',
        labelNames: ['key', 'state'],
        registers: [metrics],
        collect() {
          this.reset();
          for (const r of from) {
            for (const s of r.states()) {
              for (const st of ['closed', 'open', 'half-open'] as const) {
                this.set({ key: s.key, state: st.replace('-', '_') }, s.state === st ? 1 : 0);
              }
            }
          }
        },
      });
    }
  }
  sources.add(registry);
}
