/**
 * The default middleware lists — the one place their order is decided and documented.
 *
 * Query middlewares, first = outermost:
 *
 * 1. `categorizeErrors` — outermost so that *everything* thrown below, including the fast
 *    failures of the limits and the breaker, becomes one classified DsError, logged once with the
 *    correlation id; an empty result gets the "No data" notice.
 * 2. `partialResults` — outside `timeout`, so a deadline that cuts pagination short still returns
 *    the pages already read (with a warning) instead of only the timeout.
 * 3. `timeout` — the deadline covers all the work below: cache lookup, waiting for a slot in the
 *    concurrency queue, every retry and its backoff. Inner layers see the narrowed signal and
 *    `remainingMs()`, so retry never waits past it and the queue wait is bounded by it.
 * 4. `cache` (when configured) — a hit answers before any limit, breaker or upstream is touched,
 *    so cached dashboards keep working during an outage and do not use up rate tokens.
 * 5. `retryStorm` — a user repeating a query inside an upstream 429's Retry-After window is
 *    refused here with the remaining wait, before taking a rate token, a slot or a breaker call.
 * 6. `rateLimit` (when configured) — token buckets refuse at once, so a refused query never sits
 *    in the concurrency queue first.
 * 7. `concurrencyLimit` — bounds in-flight work per datasource; queued queries wait within the
 *    deadline.
 * 8. `circuitBreaker` — outside `retry`, so a query counts once however many attempts it made,
 *    and an open breaker fails fast without any retrying behind it.
 * 9. `retry` — innermost, around the query function: each attempt is a fresh run with the same
 *    deadline, full-jitter backoff on the clock, Retry-After honoured, the retry budget shared per
 *    upstream.
 *
 * Upstream middlewares, first = outermost: `userAgent`, the auth providers from the settings,
 * `responseLimit`, `tagErrors`. Auth sits outside `tagErrors` so it sees a 401 as an
 * `authentication_failed` DsError and can re-login once; `tagErrors` is innermost so every layer
 * above sees DsErrors.
 * @module
 */
import type { DataSourceSettings, Registry } from '@dsforge/backend';

import { authFromSettings, type AuthFromSettingsOptions } from './auth';
import type { Clock } from './clock';
import { cache, type CacheOptions } from './middleware/cache';
import { categorizeErrors } from './middleware/categorize-errors';
import { circuitBreaker, type CircuitBreakerOptions } from './middleware/circuit-breaker';
import { concurrencyLimit, type ConcurrencyLimitOptions } from './middleware/concurrency-limit';
import { partialResults } from './middleware/partial-results';
import { rateLimit, type RateLimitOptions } from './middleware/rate-limit';
import { retry, type RetryOptions } from './middleware/retry';
import { createRetryBudget, type RetryBudgetOptions } from './middleware/retry-budget';
import { retryStorm, type RetryStormOptions } from './middleware/retry-storm';
import { timeout, type TimeoutOptions } from './middleware/timeout';
import type { QueryMiddleware, UpstreamMiddleware } from './types';
import { responseLimit, tagErrors, userAgent } from './upstream';

/**
 * Options of {@link defaultQueryMiddlewares}. Each entry configures one middleware; `false`
 * leaves it out. `cache` and `rateLimit` are off unless given.
 */
export interface DefaultQueryMiddlewareOptions {
  timeout?: TimeoutOptions;
  /** The TTL result cache; off unless given (`{}` for its defaults: 30 s, 64 MiB). */
  cache?: CacheOptions | false;
  retryStorm?: RetryStormOptions | false;
  rateLimit?: RateLimitOptions | false;
  concurrencyLimit?: ConcurrencyLimitOptions | false;
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Retry options; `budget` options go in `retryBudget`. */
  retry?: RetryOptions | false;
  /** The per-upstream retry budget shared by all queries of this plugin (`false`: none). */
  retryBudget?: RetryBudgetOptions | false;
  /** Clock for middlewares that do not take the query's (the retry budget's window). */
  clock?: Clock;
  /** Where middlewares register their metrics (breaker state, retries). */
  metrics?: Registry;
}

/** The default query middlewares, in the documented order (see the module comment). */
export function defaultQueryMiddlewares(opts: DefaultQueryMiddlewareOptions = {}): QueryMiddleware[] {
  const list: QueryMiddleware[] = [categorizeErrors(), partialResults(), timeout(opts.timeout)];
  if (opts.cache) list.push(cache(opts.cache));
  if (opts.retryStorm !== false) list.push(retryStorm(withClock(opts.retryStorm ?? {}, opts.clock)));
  if (opts.rateLimit) list.push(rateLimit(withClock(opts.rateLimit, opts.clock)));
  if (opts.concurrencyLimit !== false) list.push(concurrencyLimit(opts.concurrencyLimit ?? {}));
  if (opts.circuitBreaker !== false) {
    list.push(circuitBreaker({ ...withClock(opts.circuitBreaker ?? {}, opts.clock), ...metricsOf(opts) }));
  }
  if (opts.retry !== false) {
    const budget =
      opts.retryBudget === false
        ? undefined
        : createRetryBudget(withClock(opts.retryBudget ?? {}, opts.clock));
    list.push(
      retry({
        ...withClock(opts.retry ?? {}, opts.clock),
        ...(budget ? { budget } : {}),
        ...metricsOf(opts),
      }),
    );
  }
  return list;
}

function withClock<T extends { clock?: Clock }>(o: T, clock: Clock | undefined): T {
  return clock && o.clock === undefined ? { ...o, clock } : o;
}

function metricsOf(opts: DefaultQueryMiddlewareOptions): { metrics?: Registry } {
  return opts.metrics ? { metrics: opts.metrics } : {};
}

/** Options of {@link defaultUpstreamMiddlewares}. */
export interface DefaultUpstreamMiddlewareOptions {
  /** User-Agent value ('' sends none). */
  userAgent?: string;
  /** Auth middlewares; default: the providers the settings ask for (`authFromSettings`). */
  auth?: UpstreamMiddleware[];
  /** Options for `authFromSettings` (fixed auth type, per-provider options). */
  authOptions?: AuthFromSettingsOptions;
  /** Response body limit in bytes (default 64 MiB); `false` leaves the middleware out. */
  maxResponseBytes?: number | false;
  /** Clock for Retry-After dates. */
  clock?: Clock;
}

/**
 * The default upstream middlewares for a datasource: `userAgent`, auth, `responseLimit`,
 * `tagErrors` (first outermost; see the module comment for why).
 */
export function defaultUpstreamMiddlewares(
  settings: DataSourceSettings,
  opts: DefaultUpstreamMiddlewareOptions = {},
): UpstreamMiddleware[] {
  const list: UpstreamMiddleware[] = [
    userAgent(opts.userAgent),
    ...(opts.auth ?? authFromSettings(settings, opts.authOptions).middlewares),
  ];
  if (opts.maxResponseBytes !== false) list.push(responseLimit(opts.maxResponseBytes ?? 64 * 1024 * 1024));
  list.push(tagErrors(opts.clock ? { clock: opts.clock } : {}));
  return list;
}
