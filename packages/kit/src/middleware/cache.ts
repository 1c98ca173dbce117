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
import { decodeFrame, encodeFrame, type DataQuery, type Frame, type Notice } from '@dsforge/backend';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

import {
  queryMiddleware,
  type QueryContext,
  type QueryFn,
  type QueryMiddleware,
  type QueryResult,
} from '../types';

/** The middleware's name (for chains and `configure` hooks). */
export const CACHE_MIDDLEWARE = 'cache';

/**
 * Top-level query JSON fields that never change the result: Grafana's bookkeeping (`refId`,
 * `datasource`, `datasourceId`, `key` (Explore's random row key), `hide`, `requestId`), fields
 * the key takes from the DataQuery itself (`intervalMs`, `maxDataPoints`, `queryType`), and the
 * cache's own bypass flag `cache`.
 */
export const VOLATILE_QUERY_FIELDS: readonly string[] = [
  'refId',
  'datasource',
  'datasourceId',
  'key',
  'hide',
  'requestId',
  'intervalMs',
  'maxDataPoints',
  'queryType',
  'cache',
];

/** Options of {@link cacheKey}. */
export interface CacheKeyOptions {
  /** Include the user's login: for datasources whose results depend on who asks. Default false. */
  perUser?: boolean;
  /** More top-level query JSON fields to ignore, added to {@link VOLATILE_QUERY_FIELDS}. */
  volatileFields?: readonly string[];
  /**
   * Round the time range down to a multiple of this many ms. Default: the query's `intervalMs`
   * (at least 1000), so refreshes within one interval of a relative range ("last 1 h") hit.
   */
  roundToMs?: number;
}

/** JSON with object keys sorted at every level; bigints as strings; undefined members dropped. */
export function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'bigint') return JSON.stringify(`${v}n`);
    return JSON.stringify(v) ?? 'null';
  }
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const keys = Object.keys(v)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * The default cache key: `<datasource uid>:<sha256 of the parts>`, the parts being the datasource
 * uid and settings' `updated` time, org id, user login (only with `perUser`), query type, max
 * data points, interval, the rounded time range and the normalised query JSON. The uid prefix
 * keeps keys readable in debug logs; the hash keeps them short.
 */
export function cacheKey(query: DataQuery<unknown>, ctx: QueryContext, opts: CacheKeyOptions = {}): string {
  const ds = ctx.plugin.dataSource;
  const drop = new Set([...VOLATILE_QUERY_FIELDS, ...(opts.volatileFields ?? [])]);
  const json =
    query.json !== null && typeof query.json === 'object' && !Array.isArray(query.json)
      ? Object.fromEntries(Object.entries(query.json).filter(([k]) => !drop.has(k)))
      : query.json;
  const round = opts.roundToMs ?? Math.max(1000, query.intervalMs || 0);
  const floor = (d: Date) => Math.floor(d.getTime() / round) * round;
  const parts = [
    ds?.uid ?? '',
    ds?.updated.getTime() ?? 0,
    ctx.plugin.orgId,
    opts.perUser ? (ctx.user?.login ?? ctx.plugin.user?.login ?? '') : '*',
    query.queryType,
    query.maxDataPoints,
    query.intervalMs,
    floor(query.timeRange.from),
    floor(query.timeRange.to),
    stableStringify(json),
  ];
  const hash = createHash('sha256').update(stableStringify(parts)).digest('base64url');
  return `${ds?.uid ?? ''}:${hash}`;
}

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

interface Entry {
  frames: Uint8Array[];
  notices: Notice[];
  refId: string;
  storedAt: number;
  bytes: number;
}

/** What the leader of a single-flight group produced. */
interface Flight {
  result: QueryResult;
  entry?: Entry;
}

function defaultCacheable(result: QueryResult): boolean {
  const bad = (n: Notice) => n.severity === 'error' || n.text.startsWith('Partial result');
  if (result.notices?.some(bad)) return false;
  return result.frames.every(
    (f) => !f.meta?.notices?.some(bad) && f.meta?.custom?.dsforgeError === undefined,
  );
}

/** True when the query JSON says `"cache": false` or Grafana sent `X-Cache-Skip: true`. */
export function cacheSkipped(json: unknown, headers: Record<string, string>): boolean {
  if (json !== null && typeof json === 'object' && (json as Record<string, unknown>).cache === false)
    return true;
  for (const [k, v] of Object.entries(headers)) {
    const name = k.toLowerCase();
    if ((name === 'http_x-cache-skip' || name === 'x-cache-skip') && v.trim().toLowerCase() === 'true')
      return true;
  }
  return false;
}

function encodeEntry(result: QueryResult, refId: string, key: string, now: number): Entry | undefined {
  try {
    const frames = result.frames.map((f) => encodeFrame(f));
    const notices = result.notices ?? [];
    // Key and notices are small but not free; count them so tiny results still have a size.
    const bytes =
      frames.reduce((n, b) => n + b.byteLength, 0) + key.length * 2 + JSON.stringify(notices).length * 2 + 64;
    return { frames, notices, refId, storedAt: now, bytes };
  } catch {
    return undefined; // an invalid frame fails later in the pipeline with a clear error; just don't cache it
  }
}

function decodeEntry(entry: Entry, refId: string, custom: Record<string, unknown>): Frame[] {
  return entry.frames.map((bytes) => {
    const frame = decodeFrame(bytes);
    // The entry may come from an identical query with another refId (panels sharing a query).
    if (frame.refId === entry.refId) frame.refId = refId;
    frame.meta = { ...frame.meta, custom: { ...frame.meta?.custom, cache: custom } };
    return frame;
  });
}

/** Waits for `p`, or rejects with the signal's reason when it aborts first (the work is someone else's). */
function waitFor<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
  const lru = new LRUCache<string, Entry>({ maxSize: maxBytes, sizeCalculation: (e) => e.bytes });
  const inflight = new Map<string, { promise: Promise<Flight>; signal: AbortSignal; refId: string }>();
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
    const flight = { promise, signal: ctx.signal, refId: query.refId };
    inflight.set(key, flight);
    // Whatever the outcome, the next identical query starts a new flight.
    const done = () => {
      if (inflight.get(key) === flight) inflight.delete(key);
    };
    promise.then(done, done);
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
    const flight = inflight.get(key);
    if (flight) {
      counts.coalesced++;
      try {
        const { result, entry: stored } = await waitFor(flight.promise, ctx.signal);
        // Never hand two queries the same Frame objects: the pipeline sets refIds and notices on them.
        const e = stored ?? encodeEntry(result, flight.refId, key, ctx.clock.now());
        if (!e) return result;
        const frames = decodeEntry(e, query.refId, { hit: true, ageMs: 0, coalesced: true });
        return { frames, notices: [...e.notices] };
      } catch (err) {
        // The leader was cancelled or timed out: that says nothing about this query; run it.
        if (!flight.signal.aborted || ctx.signal.aborted) throw err;
      }
    }
    counts.misses++;
    return (await lead(next, query, ctx, key)).result;
  });

  return Object.assign(mw, {
    stats: (): CacheStats => ({ entries: lru.size, bytes: lru.calculatedSize, ...counts }),
    clear: () => lru.clear(),
  });
}
