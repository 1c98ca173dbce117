import type { ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

/**
 * Replaces template variables (`$var`, `${var}`, `[[var]]`) in every string of a JSON value,
 * inside objects and arrays too; other values are returned as they are. Keys are left alone:
 * they name parameters, which a dashboard must not be able to rename.
 *
 * @example
 * interpolate({ params: { status: '$status', ids: ['$id'] } }, scopedVars);
 */
export function interpolate(value: unknown, scopedVars: ScopedVars = {}): unknown {
  // Fetched once per call: Grafana can swap the service (tests, embedded scenes) between calls.
  const templateSrv = getTemplateSrv();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return templateSrv.replace(v, scopedVars);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    }
    return v;
  };
  return walk(value);
}
