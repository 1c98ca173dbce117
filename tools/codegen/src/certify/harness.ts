/**
 * The bench one runtime check works on: a fresh mock upstream serving the package's configured
 * routes (behind the mock's auth when the package has auth), the built plugin started exactly as
 * Grafana starts it, and helpers to swap a route for a fault, send the sample queries and read
 * what came back. {@link withHarness} closes everything, even when the check throws.
 * @module
 */
import { readFile } from 'node:fs/promises';

import { routeOf, type CertifyConfig, type RouteFixture, type SampleQuery, type WithAuth } from './config';
import {
  fixture,
  mockUpstream,
  startPlugin,
  type CallOptions,
  type MockUpstream,
  type PluginClient,
  type QueryInit,
  type QueryResult,
  type RequestRecord,
  type Scenario,
} from './testing';
import type { CertifyContext } from './types';

/** What a query answer says, in the kit's error vocabulary. */
export interface Observed {
  /** Error category from the `dsforgeError` frame; `ok` without error; `untyped-error` for an error without one. */
  category: string;
  status: number;
  error?: string;
  message?: string;
  suggestion?: string;
  retryAfterMs?: number;
  rows: number;
}

/** Reads a query answer the way Grafana's UI and the kit's error display do. */
export function observe(res: QueryResult | undefined): Observed {
  if (!res) return { category: 'no-answer', status: 0, rows: 0 };
  const frame = res.frames[0];
  const err = frame?.meta?.custom?.dsforgeError as
    { category?: string; message?: string; suggestion?: string; retryAfterMs?: number } | undefined;
  const category = typeof err?.category === 'string' ? err.category : res.error ? 'untyped-error' : 'ok';
  return {
    category,
    status: res.status,
    ...(res.error ? { error: res.error } : {}),
    ...(err?.message ? { message: err.message } : {}),
    ...(err?.suggestion ? { suggestion: err.suggestion } : {}),
    ...(typeof err?.retryAfterMs === 'number' ? { retryAfterMs: err.retryAfterMs } : {}),
    rows: res.frames.reduce((n, f) => n + f.rowCount, 0),
  };
}

/** `timeout 504 "Query took too long…"` for evidence lines. */
export function describe(o: Observed): string {
  const text = o.message ?? o.error;
  return `${o.category} ${o.status}${o.category === 'ok' ? ` rows=${o.rows}` : ''}${text ? ` "${clip(text, 140)}"` : ''}`;
}

export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A running plugin and the settings of its datasource. */
export interface Started {
  plugin: PluginClient;
  settings: { uid: string; url: string; jsonData: Record<string, unknown> };
  secrets: Record<string, string>;
}

/** See the module comment. */
export class Harness {
  private readonly plugins: PluginClient[] = [];
  private uids = 0;

  private constructor(
    readonly ctx: CertifyContext,
    readonly upstream: MockUpstream,
  ) {}

  static async create(ctx: CertifyContext): Promise<Harness> {
    const auth = ctx.config.auth.type === 'none' ? undefined : (ctx.config.auth as WithAuth);
    const upstream = await mockUpstream(auth?.mock ? { auth: auth.mock } : {});
    const h = new Harness(ctx, upstream);
    h.restoreRoutes();
    return h;
  }

  get config(): CertifyConfig {
    return this.ctx.config;
  }

  get hasAuth(): boolean {
    return this.config.auth.type !== 'none';
  }

  /** Wraps a scenario in the mock's credential check when the package has auth. */
  guarded(s: Scenario): Scenario {
    return this.hasAuth ? this.upstream.auth.requireAuth(s) : s;
  }

  /** Serves `key` (`METHOD /path`) with `scenario` (behind auth). */
  setRoute(key: string, scenario: Scenario): void {
    const [method, path] = splitRoute(key);
    this.upstream.route(method, path, this.guarded(scenario));
  }

  /** Serves every route from the config again (the upstream "heals"). */
  restoreRoutes(): void {
    for (const [key, r] of Object.entries(this.config.routes ?? {})) this.setRoute(key, fixtureOf(r));
  }

  /** Settings of a new datasource (fresh uid: its breaker, budget and caches start clean). */
  settings(extraJsonData: Record<string, unknown> = {}): Started['settings'] {
    const auth = this.hasAuth ? ((this.config.auth as WithAuth).jsonData ?? {}) : {};
    return {
      uid: `certify-${++this.uids}`,
      url: this.upstream.url,
      jsonData: { ...this.config.settings.jsonData, ...auth, ...extraJsonData },
    };
  }

  /** secureJsonData with the valid credentials. */
  validSecrets(): Record<string, string> {
    const auth = this.hasAuth ? (this.config.auth as WithAuth).valid : {};
    return { ...this.config.settings.secureJsonData, ...auth };
  }

  /** Starts the plugin with a fresh datasource and the valid credentials. */
  async start(
    opts: { jsonData?: Record<string, unknown>; secrets?: Record<string, string> } = {},
  ): Promise<Started> {
    const settings = this.settings(opts.jsonData);
    const secrets = opts.secrets ?? this.validSecrets();
    const plugin = await startPlugin(this.ctx.binary, { settings, secrets, startTimeoutMs: 30_000 });
    this.plugins.push(plugin);
    return { plugin, settings, secrets };
  }

  /** The upstream route of a sample query. */
  routeOf(q: SampleQuery): string | undefined {
    return routeOf(this.config, q);
  }

  /** Requests the mock saw on `key` after log index `since`. */
  calls(key: string, since = 0): RequestRecord[] {
    const [method, path] = splitRoute(key);
    return this.upstream.requests
      .slice(since)
      .filter((r) => r.path === path && (method === '*' || r.method === method));
  }

  /**
   * Sends one sample query; resolves with the answer (undefined when the call failed, e.g. the
   * process died) and how long it took. `limitMs`: give up (and cancel) after this long.
   */
  async query(
    s: Started,
    q: SampleQuery & Pick<QueryInit, 'timeRange' | 'maxDataPoints' | 'intervalMs'>,
    opts: CallOptions & { limitMs?: number } = {},
  ): Promise<{ result?: QueryResult; ms: number; failure?: string; gaveUp?: boolean }> {
    const ac = new AbortController();
    const outer = opts.signal;
    outer?.addEventListener('abort', () => ac.abort(), { once: true });
    const t0 = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const call = s.plugin
      .query([{ refId: 'A', ...q }], {
        settings: s.settings,
        secrets: s.secrets,
        ...opts,
        signal: ac.signal,
      })
      .then(
        (r) => ({ result: r.A, failure: r.A ? undefined : 'no response for refId A' }),
        (e: Error) => ({ result: undefined, failure: e.message }),
      );
    const limit =
      opts.limitMs === undefined
        ? undefined
        : new Promise<'limit'>((r) => (timer = setTimeout(() => r('limit'), opts.limitMs)));
    const first = await (limit ? Promise.race([call, limit]) : call);
    clearTimeout(timer);
    const ms = performance.now() - t0;
    if (first === 'limit') {
      ac.abort();
      await call;
      return { ms, gaveUp: true, failure: `no answer within ${Math.round(opts.limitMs!)} ms` };
    }
    return { ...first, ms } as { result?: QueryResult; ms: number; failure?: string };
  }

  /** True while the process runs. */
  async alive(p: PluginClient): Promise<boolean> {
    return Promise.race([
      p.exited.then(() => false),
      new Promise<boolean>((r) => setImmediate(() => r(true))),
    ]);
  }

  /** Peak resident set size of the plugin process (VmHWM, Linux), in bytes. */
  async peakRss(p: PluginClient): Promise<number | undefined> {
    return readPeakRss(p.pid);
  }

  /** Stops every plugin started here and the mock upstream. */
  async close(): Promise<void> {
    await Promise.all(this.plugins.map((p) => p.shutdown(500).catch(() => undefined)));
    await this.upstream.close();
  }
}

/** Runs `fn` with a fresh harness and always closes it. */
export async function withHarness<T>(ctx: CertifyContext, fn: (h: Harness) => Promise<T>): Promise<T> {
  const h = await Harness.create(ctx);
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** `GET /api/items` → `['GET', '/api/items']`. */
export function splitRoute(key: string): [string, string] {
  const i = key.indexOf(' ');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** The configured answer of a route as a scenario. */
export function fixtureOf(r: RouteFixture): Scenario {
  return fixture(r.body ?? {}, { status: r.status ?? 200, ...(r.headers ? { headers: r.headers } : {}) });
}

/** VmHWM of `/proc/<pid>/status` in bytes; undefined off Linux or when the process is gone. */
export async function readPeakRss(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** `12.3 MiB`. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** Waits until `p` settles or `ms` pass; true when it settled. */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    p.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((res) => (timer = setTimeout(() => res(false), ms))),
  ]);
  clearTimeout(timer);
  return r;
}
