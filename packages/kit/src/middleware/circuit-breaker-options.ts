/**
 * The options of {@link circuitBreaker} and their defaults, checked once when the middleware is
 * created so a bad value fails at startup rather than per query.
 * @module
 */
import type { DataQuery, Registry } from '@dsforge/backend';

import type { Clock } from '../clock';
import type { QueryContext } from '../types';
import { checkOption } from './check-option';

/** Options of {@link circuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Failure share that opens the breaker (0.5). */
  failureRatio?: number;
  /** Calls needed in the window before the ratio is judged (20). */
  minimumCalls?: number;
  /** Sliding window for the ratio, in ms (10 000). */
  windowMs?: number;
  /** Cool-down before the first probe, in ms (5 000). */
  halfOpenAfterMs?: number;
  /** Cool-down cap: each failed probe doubles it up to this, in ms (60 000). */
  maxHalfOpenAfterMs?: number;
  /** One breaker per key (default {@link upstreamKey}: datasource uid + URL host). */
  key?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => string;
  /** Clock (default: the first query's `ctx.clock`). */
  clock?: Clock;
  /** Registers the gauge `dsforge_circuit_breaker_state{key,state}` here when given. */
  metrics?: Registry;
}

/** The numeric settings every breaker of one middleware shares, defaults applied. */
export type BreakerSettings = Required<Omit<CircuitBreakerOptions, 'key' | 'clock' | 'metrics'>>;

/**
 * Applies the defaults (Hystrix's, see {@link circuitBreaker}) and checks every value.
 * @throws TypeError naming the option and the rule it breaks.
 */
export function breakerSettings(options: CircuitBreakerOptions): BreakerSettings {
  const where = 'circuitBreaker';
  const o = {
    failureRatio: checkOption(where, 'failureRatio', options.failureRatio ?? 0.5, 'ratio'),
    minimumCalls: checkOption(where, 'minimumCalls', options.minimumCalls ?? 20, 'positiveInt'),
    windowMs: checkOption(where, 'windowMs', options.windowMs ?? 10_000, 'positive'),
    halfOpenAfterMs: checkOption(where, 'halfOpenAfterMs', options.halfOpenAfterMs ?? 5_000, 'positive'),
    maxHalfOpenAfterMs: checkOption(
      where,
      'maxHalfOpenAfterMs',
      options.maxHalfOpenAfterMs ?? 60_000,
      'positive',
    ),
  };
  if (o.maxHalfOpenAfterMs < o.halfOpenAfterMs) {
    throw new TypeError(
      `${where}: option maxHalfOpenAfterMs (${o.maxHalfOpenAfterMs}) must be >= halfOpenAfterMs (${o.halfOpenAfterMs})`,
    );
  }
  return o;
}
