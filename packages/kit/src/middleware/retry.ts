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
import { checkOption } from './check-option';
import { PartialResultError } from './partial-results';
import type { RetryBudget } from './retry-budget';

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

/** What the retry middleware leaves on the context for {@link retryCall}. */
interface CallRetry {
  run<T>(fn: () => Promise<T>, ctx: QueryContext<unknown>): Promise<T>;
}

// Symbol.for: a second bundled copy of the kit finds the same key.
const CALL_RETRY = Symbol.for('dsforge.kit.retry.call');

/** Errors a per-call retry already gave up on: the query-level retry does not repeat them. */
const givenUp = new WeakSet<object>();

/** True for a partial result (also from another copy of the kit): repeating would refetch what it kept. */
function isPartialResult(e: unknown): boolean {
  return e instanceof PartialResultError || (e as { name?: unknown } | null)?.name === 'PartialResultError';
}

/**
 * Runs one sub-request of a query — a page, a region, one of several calls — with the query
 * pipeline's retry policy (attempts, full-jitter backoff, Retry-After, deadline, retry budget),
 * so a transient failure of page 7 repeats page 7 rather than the whole query. Use it only for
 * calls that are safe to repeat (GETs). An error it gives up on is thrown as is and is not
 * retried again by the query-level `retry` (no 3 × 3 attempts); a partial result built from it
 * ({@link PartialResultError}) is never retried as a whole either.
 *
 * Without a `retry` middleware in the chain (e.g. `defaults.retry: false`) it calls `fn` once.
 *
 * @example
 * fetchPage: ({ token }, signal) => retryCall(ctx, () => ctx.fetch({ url: pageUrl(token), signal })),
 */
export function retryCall<T>(ctx: QueryContext<unknown>, fn: () => Promise<T>): Promise<T> {
  const policy = (ctx as unknown as Record<symbol, CallRetry | undefined>)[CALL_RETRY];
  return policy ? policy.run(fn, ctx) : fn();
}

/**
 * Retries failed queries. Defaults (ecosystem.md §D): 3 attempts, full-jitter backoff base 100 ms
 * cap 2 s; retried categories: `timeout` (while the deadline allows), `upstream_unavailable`,
 * `server_error` (idempotent only), `rate_limited` (after its Retry-After). A wait that would end
 * at or after the deadline is not started: the last error is returned at once. An abort of
 * `ctx.signal` during a wait ends the query with the signal's reason. The error thrown is always
 * the original one (not re-wrapped), so the layers outside see what the upstream did.
 *
 * Never retried as a whole query: a {@link PartialResultError} (the query function kept what it
 * had; repeating it would refetch every page that succeeded) and an error a {@link retryCall}
 * already retried. The same policy is offered to the query function for single sub-requests
 * through {@link retryCall}; those retries share the budget (they take a retry slot, but a page
 * is not counted as a new request, which keeps the budget on the strict side).
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

  /** Runs `attempt` until it succeeds or retrying cannot or must not help; rethrows the last error. */
  async function loop<T>(
    attempt: () => Promise<T>,
    ctx: QueryContext<unknown>,
    idempotent: boolean,
    key: string | undefined,
    what: 'query' | 'call',
  ): Promise<T> {
    const clock = options.clock ?? ctx.clock;
    let endRetry: (() => void) | undefined;
    try {
      for (let n = 1; ; n++) {
        try {
          return await attempt();
        } catch (thrown) {
          endRetry?.();
          endRetry = undefined;
          // Cancelled or past the deadline: nobody is waiting for another attempt.
          if (ctx.signal.aborted || n >= maxAttempts) throw thrown;
          if (what === 'query' && (isPartialResult(thrown) || givenUp.has(thrown as object))) throw thrown;
          const err = isDsError(thrown) ? (thrown as DsError) : DsError.from(thrown);
          if (notRetryable(err, idempotent, ctx)) throw thrown;

          const backoff = random() * Math.min(capMs, baseMs * 2 ** (n - 1));
          const waitMs = Math.max(backoff, err.retryAfterMs ?? 0);
          const log = ctx.logger.with({ attempt: n, category: err.category, waitMs: Math.round(waitMs) });
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
          log.info(
            what === 'query'
              ? 'retrying query after a transient error'
              : 'retrying a call of the query after a transient error',
          );
          try {
            await clock.sleep(waitMs, ctx.signal);
          } catch {
            throw ctx.signal.aborted ? ctx.signal.reason : thrown;
          }
        }
      }
    } finally {
      endRetry?.();
    }
  }

  const mw = queryMiddleware('retry', (next) => async (query, ctx) => {
    const anyQuery = query as DataQuery<unknown>;
    const anyCtx = ctx as QueryContext<unknown>;
    const idempotent = options.idempotent ? options.idempotent(anyQuery, anyCtx) : true;
    const key = budget?.keyOf(anyQuery, anyCtx);
    const endRequest = key === undefined ? undefined : budget?.startRequest(key);
    const callRetry: CallRetry = {
      async run(fn, callCtx) {
        try {
          return await loop(fn, callCtx, idempotent, key, 'call');
        } catch (err) {
          if (err !== null && typeof err === 'object') givenUp.add(err);
          throw err;
        }
      },
    };
    const inner = { ...ctx, [CALL_RETRY]: callRetry };
    try {
      return await loop(() => next(query, inner), anyCtx, idempotent, key, 'query');
    } finally {
      endRequest?.();
    }
  });
  return Object.assign(mw, { counts: counts as Readonly<RetryCounts> });
}
