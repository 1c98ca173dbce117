/**
 * `upstreamKey()`: which upstream a query talks to, the unit the retry budget and the circuit
 * breaker keep their numbers per (and CheckHealth reports breaker states by).
 * @module
 */
import type { QueryContext } from '../types';

function hostOf(url: string): string {
  if (!url) return '';
  try {
    // "db.internal:5432" parses as a URL with scheme "db.internal:" and no host.
    return new URL(url).host || url;
  } catch {
    return url; // not a URL: the raw value still separates upstreams
  }
}

/**
 * The default upstream key: datasource uid plus the host of its URL, e.g. `P1A2B3@api.example.com`.
 * Falls back to `default` when the query has no datasource (tests, apps).
 */
export function upstreamKey(_query: unknown, ctx: Pick<QueryContext<unknown>, 'plugin'>): string {
  const ds = ctx.plugin?.dataSource;
  if (!ds) return 'default';
  const host = hostOf(ds.url);
  return host ? `${ds.uid}@${host}` : ds.uid || 'default';
}
