/**
 * Seeded generators of hostile inputs for the bad-input check: query JSON derived from the sample
 * queries (values of the wrong type, missing and extra fields, huge and deeply nested values,
 * invalid JSON text, odd time ranges) and datasource settings (broken jsonData, URLs, secrets).
 * The same seed gives the same inputs, so a failure is reproduced with `--seed`.
 * @module
 */

/** A deterministic random source in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, good enough to pick mutations. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: Rng, max: number) => Math.floor(rng() * max);

const STRINGS = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-Infinity',
  '1e309',
  '${__from}',
  '$__interval',
  '../../../../etc/passwd',
  '%00%ff%',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '😀\u202e\uffff\ud800',
  '{"unterminated": ',
  'http://127.0.0.1:1/',
  '/',
  '//',
  '?',
  '#',
  '/\n/',
];
const NUMBERS = [0, -1, 1, -0, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e-308, 1e21];

/** A random JSON value, at most `depth` levels deep. */
export function randomValue(rng: Rng, depth = 3): unknown {
  const r = rng();
  if (r < 0.1) return null;
  if (r < 0.16) return rng() < 0.5;
  if (r < 0.34) return pick(rng, NUMBERS);
  if (r < 0.58) return pick(rng, STRINGS);
  if (r < 0.64) return 'x'.repeat(1000 + int(rng, 100_000));
  if (r < 0.8 && depth > 0) return Array.from({ length: int(rng, 5) }, () => randomValue(rng, depth - 1));
  if (depth > 0) {
    const o: Record<string, unknown> = {};
    for (let i = 0, n = int(rng, 5); i < n; i++)
      o[pick(rng, [...STRINGS, 'path', 'limit', '__proto__', 'constructor'])] = randomValue(rng, depth - 1);
    return o;
  }
  return pick(rng, STRINGS);
}

/** `[[[[…]]]]` `levels` deep. */
function deep(levels: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** One generated query: what to send (a string is sent as raw JSON text) plus query fields. */
export interface FuzzQuery {
  json: unknown;
  queryType?: string;
  maxDataPoints?: number;
  intervalMs?: number;
  timeRange?: { from: Date; to: Date };
  /** What was done to the sample, for the report. */
  how: string;
}

/** A fixed "now" (2026-01-01), so the same seed gives the same time ranges on every run. */
const FIXED_NOW = 1_767_225_600_000;

const RAW_TEXT = ['', '{', '{"a":}', 'nul', '[1,2', '"unterminated', '\u0000', '{"path": "/x"}}', 'NaN'];

/** Mutates one object field (or the whole value) of a sample query. */
function mutate(rng: Rng, json: unknown): { json: unknown; how: string } {
  const base =
    json !== null && typeof json === 'object' && !Array.isArray(json)
      ? { ...(json as Record<string, unknown>) }
      : {};
  const keys = Object.keys(base);
  const r = rng();
  if (r < 0.4 && keys.length) {
    const k = pick(rng, keys);
    base[k] = randomValue(rng);
    return { json: base, how: `field "${k}" replaced` };
  }
  if (r < 0.52 && keys.length) {
    const k = pick(rng, keys);
    delete base[k];
    return { json: base, how: `field "${k}" removed` };
  }
  if (r < 0.68) {
    const k = pick(rng, [...STRINGS, '__proto__', 'constructor', 'prototype', 'refId', 'datasource']);
    base[k] = randomValue(rng);
    return { json: base, how: `extra field "${k.slice(0, 20)}"` };
  }
  if (r < 0.76) return { json: randomValue(rng), how: 'whole query replaced' };
  if (r < 0.84) return { json: pick(rng, RAW_TEXT), how: 'invalid JSON text' };
  if (r < 0.9 && keys.length) {
    const k = pick(rng, keys);
    base[k] = deep(50 + int(rng, 400));
    return { json: base, how: `field "${k}" deeply nested` };
  }
  if (r < 0.95) {
    for (let i = 0; i < 2000; i++) base[`k${i}`] = i;
    return { json: base, how: '2000 extra fields' };
  }
  return { json: base, how: 'unchanged model, odd query fields' };
}

/** `count` hostile queries derived from `samples`. */
export function fuzzQueries(
  samples: { json: unknown; queryType?: string }[],
  count: number,
  seed: number,
): FuzzQuery[] {
  const rng = seededRng(seed);
  const out: FuzzQuery[] = [];
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length]!;
    const m = mutate(rng, sample.json);
    const q: FuzzQuery = { json: m.json, how: m.how };
    if (sample.queryType !== undefined) q.queryType = sample.queryType;
    if (rng() < 0.15) {
      q.queryType = pick(rng, STRINGS);
      q.how += ', odd queryType';
    }
    if (rng() < 0.15) {
      q.maxDataPoints = pick(rng, [0, -1, 2 ** 53]);
      q.intervalMs = pick(rng, [0, -1, 2 ** 53]);
      q.how += ', odd maxDataPoints/intervalMs';
    }
    if (rng() < 0.15) {
      const t = pick(rng, [0, -8.64e15, 8.64e15, FIXED_NOW]);
      q.timeRange =
        rng() < 0.5 ? { from: new Date(t), to: new Date(0) } : { from: new Date(t), to: new Date(t) };
      q.how += ', odd time range';
    }
    out.push(q);
  }
  return out;
}

/** One generated datasource configuration. */
export interface FuzzSettings {
  jsonData: unknown;
  url: string;
  secrets: Record<string, string>;
  how: string;
}

/** `count` hostile settings derived from the configured ones. */
export function fuzzSettings(
  base: { jsonData: Record<string, unknown>; secrets: Record<string, string>; url: string },
  count: number,
  seed: number,
): FuzzSettings[] {
  const rng = seededRng(seed ^ 0x5bd1e995);
  // Only loopback addresses: a generated host name would wait on DNS, a routable address on connect.
  const urls = [
    base.url,
    '',
    'not a url',
    'http://',
    'http://[::1',
    'ftp://127.0.0.1/',
    'http://127.0.0.1:1',
    `${base.url}/%%`,
    `${base.url}/../..`,
    'unix:///nope',
  ];
  const out: FuzzSettings[] = [];
  for (let i = 0; i < count; i++) {
    const how: string[] = [];
    let jsonData: unknown = base.jsonData;
    const r = rng();
    if (r < 0.6) {
      const m = mutate(rng, base.jsonData);
      jsonData = m.json;
      how.push(`jsonData: ${m.how}`);
    } else if (r < 0.75) {
      jsonData = randomValue(rng);
      how.push('jsonData replaced');
    }
    let url = base.url;
    if (rng() < 0.35) {
      url = pick(rng, urls);
      how.push(`url ${JSON.stringify(url)}`);
    }
    const secrets = { ...base.secrets };
    if (rng() < 0.3) {
      for (const k of Object.keys(secrets)) secrets[k] = String(pick(rng, [...STRINGS, 'x'.repeat(70_000)]));
      how.push('secrets replaced');
    }
    out.push({ jsonData, url, secrets, how: how.join('; ') || 'unchanged' });
  }
  return out;
}
