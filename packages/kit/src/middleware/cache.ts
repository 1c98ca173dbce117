/**
 * `cache()`: an in-process TTL cache of query results, bounded in bytes. Repeated identical
 * queries (dashboards refreshed by many viewers, panels sharing a query) are answered from memory
 * without touching limits, the breaker or the upstream; concurrent identical queries make one
 * upstream call (single-flight). A cached answer says so: an info notice "Cached result from N s
 * ago" and `meta.custom.cache = {hit: true, ageMs}` on each frame.
 *
 * Design notes:
 * - Storage is lru-cache 11 with `maxSize` = `maxBytes` and `sizeCalculation` = the entry's
 *   Arrow IPC bytes (frames are stored *encoded* with `encodeFrame`: the size is exact, what
 *   Grafana would receive, and a hit decodes fresh Frame objects, so a caller mutating a result
 *   can never change the cached copy). Least recently used entries go first; an entry larger
 *   than `maxBytes` is not stored.
 * - Expiry is computed on the query's `ctx.clock`, not lru-cache's own TTL: lru-cache reads time
 *   from one `perf` object fixed at construction, while every wait in the kit follows the clock
 *   the pipeline passes per query (a fake one in tests). Expired entries are dropped when looked
 *   up and otherwise age out of the LRU under the byte bound.
 * @module
 */
import type { DataQuery, Notice } from '@dsforge/backend';
import { LRUCache } from 'lru-cache';

import {
  queryMiddleware,
  type QueryContext,
  type QueryFn,
  type QueryMiddleware,
  type QueryResult,
} from '../types';
import { decodeEntry, defaultCacheable, encodeEntry, type CacheEntry } from './cache-entry';
import { Flights, joinFlight, type Flight } from './cache-flights';
import { cacheKey, cacheSkipped, type CacheKeyOptions } from './cache-key';

// Key building and bypass are part of the cache's API; callers import them from here.
export {
  cacheKey,
  cacheSkipped,
  stableStringify,
  VOLATILE_QUERY_FIELDS,
  type CacheKeyOptions,
} from './cache-key';

/** The middleware's name (for chains and `configure` hooks). */
export const CACHE_MIDDLEWARE = 'cache';

/** Options of {@link cache}. */
export interface CacheOptions extends CacheKeyOptions {
  /** How long a result is served from the cache, in ms. Default 30 000. */
  ttlMs?: number;
  /** Memory bound: total encoded bytes of cached results. Default 64 MiB. */
  maxBytes?: number;
  /** Replaces {@link cacheKey} (keep the datasource uid and settings' `updated` in your key). */
  key?: (query: DataQuery<unknown>, ctx: QueryContext) => string;
  /**
   * Whether a successful result may be stored. Default: not when a notice (on the result or a
   * frame) is an error or a partial-result warning, or a frame carries a `dsforgeError` — those
   * describe a passing failure, and serving them for the TTL would hide the recovery.
   */
  cacheable?: (result: QueryResult) => boolean;
}

/** Counters and size of a cache, for CheckHealth details and tests. */
export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Queries answered by joining an identical query already in flight. */
  coalesced: number;
}

/** The cache middleware plus its state. */
export interface CacheMiddleware extends QueryMiddleware {
  stats(): CacheStats;
  /** Drops every entry (e.g. when a datasource is deleted). */
  clear(): void;
}

function check(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new RangeError(`cache: ${name} must be a positive number (got ${v})`);
  return v;
}

/**
 * The result cache middleware.
 *
 * Per query, in order:
 * 1. bypass when the query JSON has `"cache": false` or Grafana forwarded `X-Cache-Skip: true`
 *    (`ctx.headers['http_X-Cache-Skip']`): the query runs and its result *replaces* the entry, so
 *    a forced refresh also refreshes what others see;
 * 2. a fresh entry (age ≤ `ttlMs` on `ctx.clock`) answers: frames decoded anew, the stored
 *    notices plus the info notice "Cached result from N s ago", `meta.custom.cache = {hit: true,
 *    ageMs}` on each frame;
 * 3. an identical query in flight is joined: one upstream call serves both (the joiner gets its
 *    own copy, `meta.custom.cache = {hit: true, ageMs: 0, coalesced: true}`, no notice — the data is
 *    fresh). If that call fails the joiner gets the same error — unless it failed because the
 *    *first* query was cancelled or timed out, then the joiner runs the query itself. A joiner's
 *    own signal still ends its wait;
 * 4. otherwise the query runs; a successful, `cacheable` result is stored. Errors are never
 *    stored.
 *
 * Options: `ttlMs` (30 000), `maxBytes` (64 MiB), `perUser` (false), `roundToMs` (the query
 * interval, ≥ 1 s), `volatileFields`, `key`, `cacheable`. Bad options throw a RangeError here,
 * never per query.
 *
 * @example
 * const mws = defaultQueryMiddlewares({ ... });
 * mws.splice(3, 0, cache({ ttlMs: 60_000, perUser: true }));
 */
export function cache(opts: CacheOptions = {}): CacheMiddleware {
  const ttlMs = check('ttlMs', opts.ttlMs, 30_000);
  const maxBytes = Math.floor(check('maxBytes', opts.maxBytes, 64 * 1024 * 1024));
  if (opts.roundToMs !== undefined) check('roundToMs', opts.roundToMs, 1000);
  const keyOf = opts.key ?? ((q: DataQuery<unknown>, ctx: QueryContext) => cacheKey(q, ctx, opts));
  const cacheable = opts.cacheable ?? defaultCacheable;
  const lru = new LRUCache<string, CacheEntry>({ maxSize: maxBytes, sizeCalculation: (e) => e.bytes });
  const flights = new Flights();
  const counts = { hits: 0, misses: 0, coalesced: 0 };

  function lead<Q, I>(
    next: QueryFn<Q, I>,
    query: DataQuery<Q>,
    ctx: QueryContext<I>,
    key: string,
  ): Promise<Flight> {
    const promise = next(query, ctx).then((result): Flight => {
      if (!cacheable(result)) return { result };
      const entry = encodeEntry(result, query.refId, key, ctx.clock.now());
      if (entry) lru.set(key, entry);
      return entry ? { result, entry } : { result };
    });
    flights.add(key, { promise, signal: ctx.signal, refId: query.refId });
    return promise;
  }

  const mw = queryMiddleware(CACHE_MIDDLEWARE, (next) => async (query, ctx) => {
    const key = keyOf(query as DataQuery<unknown>, ctx as QueryContext);
    if (cacheSkipped(query.json, ctx.headers)) {
      counts.misses++;
      return (await lead(next, query, ctx, key)).result;
    }
    const entry = lru.get(key);
    if (entry) {
      const ageMs = ctx.clock.now() - entry.storedAt;
      if (ageMs >= 0 && ageMs <= ttlMs) {
        counts.hits++;
        const notice: Notice = {
          severity: 'info',
          text: `Cached result from ${Math.floor(ageMs / 1000)} s ago`,
        };
        return {
          frames: decodeEntry(entry, query.refId, { hit: true, ageMs }),
          notices: [...entry.notices, notice],
        };
      }
      lru.delete(key);
    }
    const flight = flights.get(key);
    if (flight) {
      counts.coalesced++;
      const joined = await joinFlight(flight, key, query.refId, ctx);
      if (joined) return joined;
    }
    counts.misses++;
    return (await lead(next, query, ctx, key)).result;
  });

  return Object.assign(mw, {
    stats: (): CacheStats => ({ entries: lru.size, bytes: lru.calculatedSize, ...counts }),
    clear: () => lru.clear(),
  });
}
