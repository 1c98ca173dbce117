/**
 * `certify.config.json`: what certification needs to know about a package that it cannot guess —
 * how the plugin authenticates (and test credentials the mock accepts), the settings that point it
 * at an upstream, one sample query per query type, and the upstream routes those queries read.
 * See docs/certification.md for the format; {@link parseCertifyConfig} names every problem.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { MockAuthOptions } from './testing';

/** File name in the package folder. */
export const CERTIFY_CONFIG_FILE = 'certify.config.json';

/** A fixed upstream answer for a route. */
export interface RouteFixture {
  /** Default 200. */
  status?: number;
  /** JSON body (strings are sent as text). */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One sample query (one per query type the plugin has). */
export interface SampleQuery {
  /** Shown in the report, e.g. `items`. */
  name: string;
  queryType?: string;
  /** The query model as the query editor saves it. */
  json: unknown;
  /** The upstream route this query reads (`METHOD /path`); default: the first route. */
  route?: string;
}

/** The plugin has no authentication: say why. */
export interface NoAuth {
  type: 'none';
  reason: string;
}

/** How the plugin authenticates and which credentials the mock upstream accepts. */
export interface WithAuth {
  /** The auth type as the plugin names it, e.g. `apiKey`, `basic`, `oauth2ClientCredentials`. */
  type: string;
  /** jsonData that turns this auth on (merged over `settings.jsonData`). */
  jsonData?: Record<string, unknown>;
  /** secureJsonData the mock accepts. */
  valid: Record<string, string>;
  /** secureJsonData the mock refuses (same keys, wrong values). */
  invalid: Record<string, string>;
  /** Credentials of the mock upstream (`mockUpstream({ auth })`), matching `valid`. */
  mock?: MockAuthOptions;
}

/** The resolved configuration. */
export interface CertifyConfig {
  auth: NoAuth | WithAuth;
  /** Settings of the datasource under test; `url` is always the mock upstream's. */
  settings: { jsonData: Record<string, unknown>; secureJsonData: Record<string, string> };
  /** Routes the mock serves (`METHOD /path` → answer); `null` when the plugin calls no upstream. */
  routes: Record<string, RouteFixture> | null;
  /** Why the plugin calls no upstream (when `routes` is null). */
  noUpstreamReason?: string;
  queries: SampleQuery[];
  /** The query timeout the settings above configure, in ms. */
  timeoutMs: number;
  /** The response size limit the settings above configure, in bytes. */
  responseLimitBytes: number;
  /** How long the upstream streams in the resource-limit check (default 1 GiB). */
  hugeResponseBytes: number;
  /** Generated inputs for the bad-input check. */
  fuzz: { queries: number; settings: number };
  /** How long queries may keep failing after the upstream recovered (breaker cool-down), in ms. */
  recoveryWithinMs: number;
}

/** A config problem: `field` (dotted) and what to write there. */
export interface ConfigProblem {
  field: string;
  message: string;
}

export type ConfigResult = { ok: true; config: CertifyConfig } | { ok: false; problems: ConfigProblem[] };

const ROUTE_KEY = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|\*) \/\S*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isStringMap = (v: unknown): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');

/** Validates a parsed certify.config.json and fills in defaults. */
export function parseCertifyConfig(raw: unknown): ConfigResult {
  const problems: ConfigProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(raw))
    return { ok: false, problems: [{ field: '(top level)', message: 'must be a JSON object' }] };

  let auth: NoAuth | WithAuth = { type: 'none', reason: '' };
  const a = raw.auth;
  if (!isObject(a) || typeof a.type !== 'string') {
    bad(
      'auth',
      'is required: {"type": "none", "reason": "..."} or {"type": "apiKey", "valid": {...}, "invalid": {...}}',
    );
  } else if (a.type === 'none') {
    if (typeof a.reason !== 'string' || a.reason.trim() === '')
      bad('auth.reason', 'say why the plugin needs no authentication (shown in the report)');
    else auth = { type: 'none', reason: a.reason };
  } else {
    if (!isStringMap(a.valid) || Object.keys(a.valid).length === 0)
      bad('auth.valid', 'must map secureJsonData keys to credentials the mock upstream accepts');
    if (!isStringMap(a.invalid) || Object.keys(a.invalid).length === 0)
      bad('auth.invalid', 'must map the same secureJsonData keys to wrong credentials');
    if (a.jsonData !== undefined && !isObject(a.jsonData)) bad('auth.jsonData', 'must be an object');
    if (a.mock !== undefined && !isObject(a.mock)) bad('auth.mock', 'must be mockUpstream auth options');
    auth = {
      type: a.type,
      valid: (a.valid as Record<string, string>) ?? {},
      invalid: (a.invalid as Record<string, string>) ?? {},
      ...(isObject(a.jsonData) ? { jsonData: a.jsonData } : {}),
      ...(isObject(a.mock) ? { mock: a.mock as MockAuthOptions } : {}),
    };
  }

  const s = raw.settings ?? {};
  const jsonData = isObject(s) && isObject(s.jsonData) ? s.jsonData : {};
  const secureJsonData = isObject(s) && isStringMap(s.secureJsonData) ? s.secureJsonData : {};
  if (!isObject(s)) bad('settings', 'must be {"jsonData": {...}, "secureJsonData": {...}}');
  else if (s.secureJsonData !== undefined && !isStringMap(s.secureJsonData))
    bad('settings.secureJsonData', 'must map keys to strings');
  if (auth.type !== 'none') {
    // Secrets belong in secureJsonData: a credential in jsonData would be stored in clear text.
    const clear = JSON.stringify(jsonData);
    for (const [k, v] of Object.entries((auth as WithAuth).valid)) {
      if (v.length >= 4 && clear.includes(v))
        bad(`settings.jsonData`, `contains the secret auth.valid.${k}; keep secrets in secureJsonData only`);
    }
  }

  let routes: Record<string, RouteFixture> | null = null;
  let noUpstreamReason: string | undefined;
  const u = raw.upstream;
  if (!isObject(u)) {
    bad('upstream', 'is required: {"routes": {"GET /api/items": {"body": [...]}}} or {"none": "why"}');
  } else if (typeof u.none === 'string') {
    noUpstreamReason = u.none;
  } else if (isObject(u.routes) && Object.keys(u.routes).length > 0) {
    routes = {};
    for (const [key, r] of Object.entries(u.routes)) {
      if (!ROUTE_KEY.test(key))
        bad(`upstream.routes["${key}"]`, 'key must be "METHOD /path", e.g. "GET /api/items"');
      else if (!isObject(r))
        bad(`upstream.routes["${key}"]`, 'must be {"status": 200, "body": ..., "headers": {...}}');
      else routes[key] = r as RouteFixture;
    }
  } else {
    bad(
      'upstream.routes',
      'must name at least one route, or say {"none": "why"} when the plugin calls no upstream',
    );
  }

  const queries: SampleQuery[] = [];
  if (!Array.isArray(raw.queries) || raw.queries.length === 0) {
    bad('queries', 'list one sample query per query type: [{"name": "items", "json": {...}}]');
  } else {
    raw.queries.forEach((q, i) => {
      if (!isObject(q) || typeof q.name !== 'string' || q.json === undefined) {
        bad(`queries[${i}]`, 'needs "name" and "json"');
        return;
      }
      if (q.route !== undefined && (typeof q.route !== 'string' || (routes && !(q.route in routes))))
        bad(
          `queries[${i}].route`,
          `must be one of the upstream routes (${Object.keys(routes ?? {}).join(', ') || 'none'})`,
        );
      queries.push({
        name: q.name,
        json: q.json,
        ...(typeof q.queryType === 'string' ? { queryType: q.queryType } : {}),
        ...(typeof q.route === 'string' ? { route: q.route } : {}),
      });
    });
  }

  const num = (field: string, fallback: number, min: number): number => {
    const v = raw[field];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      bad(field, `must be a number ≥ ${min}`);
      return fallback;
    }
    return v;
  };
  const timeoutMs = num('timeoutMs', 30_000, 100);
  const responseLimitBytes = num('responseLimitBytes', 64 * 1024 * 1024, 1);
  const hugeResponseBytes = num('hugeResponseBytes', 1024 ** 3, 1);
  if (hugeResponseBytes <= responseLimitBytes)
    bad('hugeResponseBytes', 'must be larger than responseLimitBytes, or the limit is never reached');
  const recoveryWithinMs = num('recoveryWithinMs', 15_000, 0);
  const f = isObject(raw.fuzz) ? raw.fuzz : {};
  const fuzz = {
    queries: typeof f.queries === 'number' && f.queries >= 1 ? Math.floor(f.queries) : 300,
    settings: typeof f.settings === 'number' && f.settings >= 0 ? Math.floor(f.settings) : 40,
  };

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      auth,
      settings: { jsonData, secureJsonData },
      routes,
      ...(noUpstreamReason !== undefined ? { noUpstreamReason } : {}),
      queries,
      timeoutMs,
      responseLimitBytes,
      hugeResponseBytes,
      fuzz,
      recoveryWithinMs,
    },
  };
}

/** Reads and validates `<packageDir>/certify.config.json`. */
export async function readCertifyConfig(packageDir: string): Promise<ConfigResult> {
  const path = join(packageDir, CERTIFY_CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {
      ok: false,
      problems: [
        {
          field: CERTIFY_CONFIG_FILE,
          message: `not found in ${packageDir}: add one (auth, settings, upstream routes, sample queries; see docs/certification.md)`,
        },
      ],
    };
  }
  try {
    return parseCertifyConfig(JSON.parse(text));
  } catch (err) {
    return {
      ok: false,
      problems: [{ field: CERTIFY_CONFIG_FILE, message: `is not valid JSON: ${(err as Error).message}` }],
    };
  }
}

/** The route a sample query reads (`METHOD /path`), or undefined without upstream. */
export function routeOf(config: CertifyConfig, q: SampleQuery): string | undefined {
  if (!config.routes) return undefined;
  return q.route ?? Object.keys(config.routes)[0];
}
