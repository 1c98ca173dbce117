/**
 * Recognising time values in upstream data: ISO-8601 strings and epoch numbers in seconds,
 * milliseconds, microseconds or nanoseconds. Everything converts to `bigint` epoch nanoseconds,
 * the form a `time` field stores, so sub-millisecond precision survives.
 * @module
 */

/** Unit of an epoch number. */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

// Date, then optionally a time (T or space) with optional seconds and fraction (up to 9 digits),
// then optionally Z or an offset (+hh:mm, +hhmm, +hh).
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Parses an ISO-8601 / RFC 3339 timestamp to epoch nanoseconds, or returns undefined when the
 * string is not one. Accepted: `2024-05-01` (date only = UTC midnight), `2024-05-01T10:20`,
 * `2024-05-01 10:20:30.123456789Z`, `...+02:00`, `...+0200`, `...+02`. A date-time without an offset
 * is read as UTC (upstream APIs that omit it almost always mean UTC, and reading it in the plugin
 * host's local zone would make results depend on where Grafana runs). Impossible dates
 * (`2024-02-30`) are not times.
 */
export function parseIsoTime(s: string): bigint | undefined {
  // Shape check before the regex: most strings that are not times fail here for free.
  if (s.length < 10 || s.length > 40 || s.charCodeAt(4) !== 45 /* - */) return undefined;
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || hour > 24 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2024-02-30 over to March; reject instead of silently moving the day.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  let offsetMin = 0;
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  const fracNs = frac === '' ? 0n : BigInt(frac.padEnd(9, '0'));
  return (BigInt(ms) - BigInt(offsetMin) * 60_000n) * 1_000_000n + fracNs;
}

/** True when the string is an ISO-8601 timestamp {@link parseIsoTime} accepts. */
export function isIsoTime(s: string): boolean {
  return parseIsoTime(s) !== undefined;
}

/**
 * Guesses the unit of epoch numbers from the largest magnitude in the column:
 * - `< 1e11` → seconds (1e11 s is the year 5138; as milliseconds it would be before 1973-03-04);
 * - `< 1e14` → milliseconds (up to the year 5138; as microseconds, before 1973);
 * - `< 1e17` → microseconds;
 * - otherwise nanoseconds.
 *
 * The largest value decides so one small value (0, a sentinel) cannot flip the unit of a column.
 * Timestamps before 1973 in milliseconds or microseconds are misread: declare the unit for those.
 */
export function guessEpochUnit(maxAbs: number): EpochUnit {
  if (maxAbs < 1e11) return 's';
  if (maxAbs < 1e14) return 'ms';
  if (maxAbs < 1e17) return 'us';
  return 'ns';
}

const NS_PER: Record<EpochUnit, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, ns: 1n };

/** Converts an epoch number (or bigint, or numeric string) in `unit` to epoch nanoseconds. */
export function epochToNs(v: number | bigint | string, unit: EpochUnit): bigint | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    if (/^[-+]?\d+$/.test(t)) return BigInt(t) * NS_PER[unit];
    v = Number(t);
  }
  if (typeof v === 'bigint') return v * NS_PER[unit];
  if (!Number.isFinite(v)) return undefined;
  if (Number.isInteger(v) && Number.isSafeInteger(v)) return BigInt(v) * NS_PER[unit];
  // Fractional seconds/ms: keep what a double can represent, rounded to the nanosecond.
  const whole = Math.trunc(v);
  const perUnit = Number(NS_PER[unit]);
  return BigInt(whole) * NS_PER[unit] + BigInt(Math.round((v - whole) * perUnit));
}

const TIME_WORDS = new Set(['time', 'timestamp', 'ts', 'date', 'datetime', 'epoch', 'at']);

/**
 * Whether a field name says it holds time, so integer values in it are read as epoch times:
 * the name's last word (split on `_`, `-`, `.`, spaces and camelCase) is one of `time`,
 * `timestamp`, `ts`, `date`, `datetime`, `epoch` or `at` — e.g. `time`, `ts`, `created_at`,
 * `eventTimestamp`, `start.time`. Words like `duration`, `timeout` or `count` are not.
 */
export function isTimeName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean);
  const last = words[words.length - 1]?.toLowerCase();
  return last !== undefined && TIME_WORDS.has(last) && !(last === 'at' && words.length === 1);
}
