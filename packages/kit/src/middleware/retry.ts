/**
 * `retry()`: repeats a failed query when repeating can help and cannot hurt — only transient
 * categories, only idempotent requests, with full-jitter backoff, honouring Retry-After, never past
 * the deadline, within a per-upstream {@link RetryBudget}.
 *
 * Why not cockatiel's `retry()` policy: its backoff sleeps on the global `setTimeout`
 * (cockatiel 3.2.1 `RetryPolicy.js`), so waits cannot run on our {@link Clock} and tests would
 * need fake timers; and each decision here needs the query's deadline (`ctx.remainingMs()`), the
 * error's Retry-After and the budget, which would all live in callbacks around it anyway. The loop
 * is short enough to own.
 * @module
 */
import { Counter, type DataQuery, type Registry } from '@dsforge/backend';

import type { Clock } from '../clock';
import { DsError, isDsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { checkOption, type RetryBudget } from './retry-budget';

/** Options of {@link retry}. */
export interface RetryOptions {
  /** Attempts in total, the first included (3). 1 disables retrying. */
  maxAttempts?: number;
  /** Backoff base in ms: attempt n waits a random time in [0, min(capMs, baseMs × 2^(n−1))) (100). */
  baseMs?: number;
  /** Backoff cap in ms (2000). Retry-After may ask for longer; the deadline still bounds it. */
  capMs?: number;
  /** Shared per-upstream retry budget (see {@link createRetryBudget}); none: only maxAttempts. */
  budget?: RetryBudget;
  /**
   * Whether a query may be repeated (default: yes — a Grafana query reads data). Say no for
   * queries that write. A `server_error` is also not retried when the failing upstream request
   * was not idempotent (the error's `details.idempotent === false`).
   */
  idempotent?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => boolean;
  /** Random source in [0, 1) for the jitter (default Math.random); tests pass a fixed one. */
  random?: () => number;
  /** Clock for the waits (default: `ctx.clock`). */
  clock?: Clock;
  /** Registers `dsforge_query_retries_total{outcome}` here when given. */
  metrics?: Registry;
}

/** What a retry middleware did so far (also as a prom-client counter when `metrics` is given). */
export interface RetryCounts {
  /** Retries made. */
  retried: number;
  /** Retries the budget refused (the original error was returned). */
  refusedByBudget: number;
  /** Retries not made because the wait would have passed the deadline. */
  deadline: number;
}

/** The middleware returned by {@link retry}, with its counters. */
export type RetryMiddleware = QueryMiddleware & { readonly counts: Readonly<RetryCounts> };

const TRANSIENT = new Set(['timeout', 'upstream_unavailable', 'server_error', 'rate_limited']);

function retryCounter(registry: Registry | undefined): Counter<'outcome'> | undefined {
  if (!registry) return undefined;
  const name = 'dsforge_query_retries_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'outcome'>;
  return new Counter({
    name,
    help: 'Query retries by outcome: retried, refused_budget (budget said no), deadline (wait would pass it).',
    labelNames: ['outcome'],
    registers: [registry],
  });
}

/**
 * Why an error is not worth repeating, or undefined when it is. Errors from the plugin's own
 * limiters (`details.limiter`) are never retried: repeating them only queues more load.
 */
function notRetryable(err: DsError, idempotent: boolean, ctx: QueryContext<unknown>): string | undefined {
  if (!TRANSIENT.has(err.category)) return `category ${err.category} is not transient`;
  // The thrower may know better than the category (DsErrorOptions.retryable).
  if (!err.retryable) return 'the error says it is not retryable';
  if (err.details?.limiter !== undefined)
    return `refused by the local ${String(err.details.limiter)} limiter`;
  if (err.category === 'server_error' && (!idempotent || err.details?.idempotent === false)) {
    return 'server_error on a request that is not idempotent';
  }
  if (err.category === 'timeout' && ctx.remainingMs() <= 0) return 'the deadline has passed';
  return undefined;
}

/**
 * Retries failed queries. Defaults (ecosystem.md §D): 3 attempts, full-jitter backoff base 100 ms
 * cap 2 s; retried categories: `timeout` (while the deadline allows), `upstream_unavailable`,
 * `server_error` (idempotent only), `rate_limited` (after its Retry-After). A wait that would end
 * at or after the deadline is not started: the last error is returned at once. An abort of
 * `ctx.signal` during a wait ends the query with the signal's reason. The error thrown is always
 * the original one (not re-wrapped), so the layers outside see what the upstream did.
 *
 * @throws TypeError at factory time for invalid options.
 */
export function retry(options: RetryOptions = {}): RetryMiddleware {
  const where = 'retry';
  const maxAttempts = checkOption(where, 'maxAttempts', options.maxAttempts ?? 3, 'positiveInt');
  const baseMs = checkOption(where, 'baseMs', options.baseMs ?? 100, 'nonNegative');
  const capMs = checkOption(where, 'capMs', options.capMs ?? 2000, 'nonNegative');
  const random = options.random ?? Math.random;
  const budget = options.budget;
  const counter = retryCounter(options.metrics);
  const counts: RetryCounts = { retried: 0, refusedByBudget: 0, deadline: 0 };
  const count = (outcome: keyof RetryCounts, label: string) => {
    counts[outcome]++;
    counter?.inc({ outcome: label });
  };

  const mw = queryMiddleware('retry', (next) => async (query, ctx) => {
    const clock = options.clock ?? ctx.clock;
    const anyQuery = query as DataQuery<unknown>;
    const anyCtx = ctx as QueryContext<unknown>;
    const idempotent = options.idempotent ? options.idempotent(anyQuery, anyCtx) : true;
    const key = budget?.keyOf(anyQuery, anyCtx);
    const endRequest = key === undefined ? undefined : budget?.startRequest(key);
    let endRetry: (() => void) | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await next(query, ctx);
        } catch (thrown) {
          endRetry?.();
          endRetry = undefined;
          // Cancelled or past the deadline: nobody is waiting for another attempt.
          if (ctx.signal.aborted || attempt >= maxAttempts) throw thrown;
          const err = isDsError(thrown) ? (thrown as DsError) : DsError.from(thrown);
          const why = notRetryable(err, idempotent, anyCtx);
          if (why) throw thrown;

          const backoff = random() * Math.min(capMs, baseMs * 2 ** (attempt - 1));
          const waitMs = Math.max(backoff, err.retryAfterMs ?? 0);
          const log = ctx.logger.with({ attempt, category: err.category, waitMs: Math.round(waitMs) });
          if (waitMs >= ctx.remainingMs()) {
            count('deadline', 'deadline');
            log.debug('not retrying: the wait would pass the deadline', { remainingMs: ctx.remainingMs() });
            throw thrown;
          }
          if (budget && key !== undefined) {
            endRetry = budget.tryRetry(key);
            if (!endRetry) {
              count('refusedByBudget', 'refused_budget');
              log.warn('retry refused by the retry budget; returning the original error', { upstream: key });
              throw thrown;
            }
          }
          count('retried', 'retried');
          log.info('retrying query after a transient error');
          try {
            await clock.sleep(waitMs, ctx.signal);
          } catch {
            throw ctx.signal.aborted ? ctx.signal.reason : thrown;
          }
        }
      }
    } finally {
      endRetry?.();
      endRequest?.();
    }
  });
  return Object.assign(mw, { counts: counts as Readonly<RetryCounts> });
}
