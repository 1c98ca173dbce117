/**
 * Which cache entry a query maps to: {@link cacheKey} builds the key from everything that can
 * change the result and nothing that cannot (Grafana's bookkeeping fields, key order, a time
 * range moving within one interval), and {@link cacheSkipped} says when a query asks to bypass
 * the cache.
 * @module
 */
import type { DataQuery } from '@dsforge/backend';
import { createHash } from 'node:crypto';

import type { QueryContext } from '../types';

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
