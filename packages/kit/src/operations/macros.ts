/**
 * Time-range macros and defaults for parameters. Grafana's frontend replaces dashboard
 * variables before a query reaches the backend, but alert rules and recorded queries arrive
 * as saved, so the backend resolves the time range itself:
 *
 * 1. `$__timeFrom` / `$__timeTo` (and Grafana's `$__from` / `$__to` when they were not replaced)
 *    become the query's time range: ISO 8601 for `date-time`/`date` parameters, epoch ms otherwise.
 * 2. A `date-time` parameter given as epoch milliseconds (what `$__from` becomes in dashboards)
 *    is sent as ISO 8601.
 * 3. A *required* `date-time` parameter left empty gets the range start or end when its name
 *    says which (`from`, `start`, `after`, `since` / `to`, `end`, `before`, `until`).
 * @module
 */
import type { OperationParamSpec } from './types';

const FROM_NAME = /(^|_|-|\b)(from|start|after|since|begin)/i;
const TO_NAME = /(^|_|-|\b)(to|end|before|until|stop)/i;

function isTimeParam(p: OperationParamSpec): boolean {
  return p.format === 'date-time' || p.format === 'date';
}

function formatTime(d: Date, p: OperationParamSpec): string | number {
  if (p.format === 'date') return d.toISOString().slice(0, 10);
  return isTimeParam(p) ? d.toISOString() : d.getTime();
}

function replaceMacros(v: string, range: { from: Date; to: Date }, p: OperationParamSpec): string | number {
  const whole = /^\s*\$(?:\{__(from|to)\}|__(from|to)|__time(From|To))\s*$/.exec(v);
  if (whole) {
    const which = (whole[1] ?? whole[2] ?? whole[3] ?? '').toLowerCase();
    return formatTime(which === 'from' ? range.from : range.to, p);
  }
  return v
    .replace(/\$__timeFrom|\$\{__from\}|\$__from/g, () => String(formatTime(range.from, p)))
    .replace(/\$__timeTo|\$\{__to\}|\$__to/g, () => String(formatTime(range.to, p)));
}

/** The parameter values with the time-range rules of this module applied (a new object). */
export function applyTimeRange(
  params: readonly OperationParamSpec[],
  values: Record<string, unknown>,
  range: { from: Date; to: Date },
): Record<string, unknown> {
  const out = { ...values };
  for (const p of params) {
    const v = out[p.name];
    if (typeof v === 'string' && v.includes('$')) out[p.name] = replaceMacros(v, range, p);
    else if (isTimeParam(p) && (typeof v === 'number' || (typeof v === 'string' && /^\d{12,14}$/.test(v))))
      out[p.name] = formatTime(new Date(Number(v)), p);
    else if ((v === undefined || v === '' || v === null) && p.required && isTimeParam(p)) {
      if (FROM_NAME.test(p.name)) out[p.name] = formatTime(range.from, p);
      else if (TO_NAME.test(p.name)) out[p.name] = formatTime(range.to, p);
    }
  }
  return out;
}
