/**
 * `retryStorm()`: after the upstream answers a query with 429 and a Retry-After, the same user
 * repeating the same query inside that window gets `rate_limited` from the plugin, with the
 * remaining wait, and the upstream is not called. Refresh-hammering users (and auto-refreshing
 * dashboards) thus cost the upstream at most one call per Retry-After window, and the upstream's
 * patience with everybody else is not used up. Other users and other queries are not affected.
 * @module
 */
import type { DataQuery } from '@dsforge/backend';

import type { Clock } from '../clock';
import { DsError, dsError, isDsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { checkOption } from './check-option';

/** Options of {@link retryStorm}. */
export interface RetryStormOptions {
  /** What counts as "the same user repeating the query" (default {@link retryStormKey}). */
  keyBy?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => string;
  /** Window after a 429 that carried no Retry-After, in ms (1 000; 0: such a 429 blocks nothing). */
  defaultRetryAfterMs?: number;
  /** Longest window honoured, whatever Retry-After says, in ms (300 000). */
  maxWindowMs?: number;
  /** Clock (default: `ctx.clock`). */
  clock?: Clock;
  /** Windows remembered before expired ones are swept (10 000). */
  maxKeys?: number;
}

/**
 * Query JSON fields that change between two runs of "the same" query (panel id, the time range
 * Grafana resolved, sizing), left out of the key.
 */
const VOLATILE = new Set([
  'refId',
  'datasource',
  'datasourceId',
  'intervalMs',
  'maxDataPoints',
  'requestId',
  'key',
  'hide',
  'utcOffsetSec',
]);

/** JSON with sorted object keys, so `{a,b}` and `{b,a}` give one key. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return typeof v === 'bigint' ? `"${v}n"` : (JSON.stringify(v) ?? 'null');
}

/** The query with volatile fields removed, as a stable string. */
export function normalizeQuery(query: Pick<DataQuery<unknown>, 'json' | 'query' | 'queryType'>): string {
  const json = query.json ?? query.query;
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const kept = Object.fromEntries(Object.entries(json).filter(([k]) => !VOLATILE.has(k)));
    return stable({ queryType: query.queryType, ...kept });
  }
  return stable(json);
}

/** Default key: datasource uid, user login (`anonymous` without a user) and the normalized query. */
export function retryStormKey(query: DataQuery<unknown>, ctx: QueryContext<unknown>): string {
  const uid = ctx.plugin?.dataSource?.uid ?? '';
  return `${uid}\u0000${ctx.user?.login || 'anonymous'}\u0000${normalizeQuery(query)}`;
}

/**
 * The window an error opens, or 0: only a `rate_limited` answer from the upstream counts, never
 * one from the plugin's own limiters (those carry `details.limiter`).
 */
function windowOf(thrown: unknown, defaultMs: number, maxMs: number): number {
  const err = isDsError(thrown) ? (thrown as DsError) : DsError.from(thrown);
  if (err.category !== 'rate_limited' || err.source !== 'downstream') return 0;
  if (err.details?.limiter !== undefined) return 0;
  return Math.min(maxMs, err.retryAfterMs ?? defaultMs);
}

/**
 * Retry-storm enforcement. The refusal is a `rate_limited` DsError with `retryAfterMs` = the
 * remaining wait and `details.limiter = 'retry-storm'` (so the retry middleware does not retry it).
 *
 * @throws TypeError at factory time for invalid options.
 */
export function retryStorm(options: RetryStormOptions = {}): QueryMiddleware {
  const where = 'retryStorm';
  const defaultMs = checkOption(
    where,
    'defaultRetryAfterMs',
    options.defaultRetryAfterMs ?? 1000,
    'nonNegative',
  );
  const maxMs = checkOption(where, 'maxWindowMs', options.maxWindowMs ?? 300_000, 'positive');
  const maxKeys = checkOption(where, 'maxKeys', options.maxKeys ?? 10_000, 'positiveInt');
  const keyBy = options.keyBy ?? retryStormKey;
  const until = new Map<string, number>();

  const sweep = (now: number) => {
    for (const [k, t] of until) if (t <= now) until.delete(k);
  };

  return queryMiddleware('retryStorm', (next) => async (query, ctx) => {
    const clock = options.clock ?? ctx.clock;
    const key = keyBy(query as DataQuery<unknown>, ctx as QueryContext<unknown>);
    const blockedUntil = until.get(key);
    if (blockedUntil !== undefined) {
      const waitMs = blockedUntil - clock.now();
      if (waitMs > 0) {
        ctx.logger.debug('query refused: the upstream rate limited this query for this user', { waitMs });
        throw dsError('rate_limited', {
          message: 'The upstream is rate limiting this query; running it again now would be refused too.',
          retryAfterMs: waitMs,
          details: { limiter: 'retry-storm' },
        });
      }
      until.delete(key);
    }
    try {
      return await next(query, ctx);
    } catch (thrown) {
      const windowMs = windowOf(thrown, defaultMs, maxMs);
      if (windowMs > 0) {
        const now = clock.now();
        if (until.size >= maxKeys) sweep(now);
        until.set(key, Math.max(until.get(key) ?? 0, now + windowMs));
      }
      throw thrown;
    }
  });
}
