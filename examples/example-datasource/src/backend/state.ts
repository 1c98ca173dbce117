/** In-process state the example exposes through its `stats` resource and metrics. */
import { Counter, createMetricsRegistry, type Registry } from '@dsforge/backend';

export interface ExampleState {
  /** Slow queries that noticed their cancellation. */
  cancelled: number;
  /** Datasource instances created (also each instance's sequence number). */
  instances: number;
  metrics: Registry;
  queriesTotal: Counter;
}

/** Fresh state: each plugin (and each test) gets its own counters and registry. */
export function createState(): ExampleState {
  const metrics = createMetricsRegistry();
  const queriesTotal = new Counter({
    name: 'dsforge_example_queries_total',
    help: 'Queries run by the example datasource',
    registers: [metrics],
  });
  return { cancelled: 0, instances: 0, metrics, queriesTotal };
}
