/**
 * Retry budget per upstream: how many retries the retry middleware may add on top of the
 * requests users make, so that retries cannot multiply the load on an upstream that is already
 * failing (Envoy's retry budget plus Google SRE's 10 % per-client budget, ecosystem.md §B.5/B.6).
 *
 * Cockatiel has no retry budget, so this is ours.
 * @module
 */
import type { DataQuery } from '@dsforge/backend';

import { systemClock, type Clock } from '../clock';
import type { QueryContext } from '../types';
import { checkOption } from './check-option';
import { RollingCounts } from './rolling-counts';
import { upstreamKey } from './upstream-key';

// The budget's default key; callers that key other things the same way import it from here.
export { upstreamKey };

/** Options of {@link createRetryBudget}. Every default is configurable down (tests use small ones). */
export interface RetryBudgetOptions {
  /** Concurrent retries always allowed per upstream, whatever the in-flight count (Envoy's 3). */
  minConcurrent?: number;
  /** Concurrent retries allowed as a share of the requests in flight to the upstream (0.2). */
  percentInFlight?: number;
  /** Retries allowed as a share of the requests started in the window (0.1 = 10 %). */
  ratio?: number;
  /** Length of the sliding window for {@link RetryBudgetOptions.ratio}, in ms (120 000 = 2 min). */
  windowMs?: number;
  /**
   * Retries per window the ratio rule always allows (default: `minConcurrent`, i.e. 3). This is
   * how the budget never forbids the first retry of a quiet datasource: with 10 % of a handful of
   * requests being less than one retry, a pure ratio would refuse every retry until the
   * datasource had done ten requests in the window. The floor lets the first few retries of a
   * window through; the ratio bites once more than `minRetriesPerWindow / ratio` (30) requests
   * were made in the window.
   */
  minRetriesPerWindow?: number;
  /** Which upstream a query talks to (default {@link upstreamKey}: datasource uid + URL host). */
  key?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => string;
  /** Time source for the window (default: the system clock; tests pass a fake one). */
  clock?: Clock;
}

/** What the budget knows about one upstream, for metrics and CheckHealth. */
export interface RetryBudgetStats {
  key: string;
  /** Requests (first attempts) in flight now. */
  inFlight: number;
  /** Retries in progress now (from the decision to retry until that attempt settles). */
  activeRetries: number;
  /** Requests started in the window. */
  requests: number;
  /** Retries started in the window. */
  retries: number;
  /** Retries the budget refused since the budget was created. */
  refused: number;
}

/** A per-upstream retry budget shared by every query to that upstream. */
export interface RetryBudget {
  /** The upstream key of a query (the budget's `key` option). */
  keyOf(query: DataQuery<unknown>, ctx: QueryContext<unknown>): string;
  /** Counts a request to `key` as started and in flight; call the returned function when it ends. */
  startRequest(key: string): () => void;
  /**
   * Asks for one retry to `key`. Returns a function to call when the retried attempt settles, or
   * `undefined` when the budget refuses (the caller then fails with the error it has).
   */
  tryRetry(key: string): (() => void) | undefined;
  /** Numbers per upstream key (all keys, or one). */
  stats(key?: string): RetryBudgetStats[];
}

const REQUESTS = 0;
const RETRIES = 1;

interface UpstreamBudget {
  inFlight: number;
  activeRetries: number;
  refused: number;
  window: RollingCounts;
}

/**
 * Creates a retry budget. Per upstream key, a retry is allowed only when both hold:
 * - concurrent retries < max(`minConcurrent`, `percentInFlight` × requests in flight), and
 * - retries in the last `windowMs` < max(`minRetriesPerWindow`, `ratio` × requests in the window).
 *
 * Pass the same budget to every {@link retry} middleware that talks to the same upstreams.
 * @example
 * const budget = createRetryBudget();           // 3 / 20 % concurrent, 10 % over 2 min
 * const mw = retry({ budget });
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const where = 'createRetryBudget';
  const minConcurrent = checkOption(where, 'minConcurrent', options.minConcurrent ?? 3, 'nonNegativeInt');
  const percentInFlight = checkOption(
    where,
    'percentInFlight',
    options.percentInFlight ?? 0.2,
    'nonNegative',
  );
  const ratio = checkOption(where, 'ratio', options.ratio ?? 0.1, 'nonNegative');
  const windowMs = checkOption(where, 'windowMs', options.windowMs ?? 120_000, 'positive');
  const minPerWindow = checkOption(
    where,
    'minRetriesPerWindow',
    options.minRetriesPerWindow ?? minConcurrent,
    'nonNegativeInt',
  );
  const clock = options.clock ?? systemClock;
  const keyFn = options.key ?? upstreamKey;
  const upstreams = new Map<string, UpstreamBudget>();

  const get = (key: string): UpstreamBudget => {
    let u = upstreams.get(key);
    if (!u) {
      u = { inFlight: 0, activeRetries: 0, refused: 0, window: new RollingCounts(windowMs, 12, 2, clock) };
      upstreams.set(key, u);
    }
    return u;
  };
  const once = (fn: () => void) => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        fn();
      }
    };
  };

  return {
    keyOf: (query, ctx) => keyFn(query, ctx),
    startRequest(key) {
      const u = get(key);
      u.inFlight++;
      u.window.add(REQUESTS);
      return once(() => u.inFlight--);
    },
    tryRetry(key) {
      const u = get(key);
      const concurrentLimit = Math.max(minConcurrent, percentInFlight * u.inFlight);
      const windowLimit = Math.max(minPerWindow, ratio * u.window.sum(REQUESTS));
      if (u.activeRetries + 1 > concurrentLimit || u.window.sum(RETRIES) + 1 > windowLimit) {
        u.refused++;
        return undefined;
      }
      u.activeRetries++;
      u.window.add(RETRIES);
      return once(() => u.activeRetries--);
    },
    stats(key) {
      const keys = key === undefined ? [...upstreams.keys()] : upstreams.has(key) ? [key] : [];
      return keys.map((k) => {
        const u = upstreams.get(k)!;
        return {
          key: k,
          inFlight: u.inFlight,
          activeRetries: u.activeRetries,
          requests: u.window.sum(REQUESTS),
          retries: u.window.sum(RETRIES),
          refused: u.refused,
        };
      });
    },
  };
}
