/**
 * Per-request overhead of the kit's full default pipeline versus a bare HTTP request to the same
 * local upstream, at concurrency 1 and 256. Prints one JSON object on stdout.
 * Run: node --import tsx bench/kit-pipeline.bench.ts
 *
 * - Upstream: a node:http server on 127.0.0.1 in a child process (so its work does not run on
 *   the measured event loop), answering every GET with the same small JSON array (20 rows).
 * - bare: undici `request()` through one keep-alive Agent + `body.json()`, per iteration.
 * - kit: `createDatasource(...).queryData` called in-process with one query per request — the
 *   default query middlewares (categorizeErrors, partialResults, timeout, retryStorm,
 *   concurrencyLimit, circuitBreaker, retry with its budget), the default upstream middlewares
 *   (userAgent, responseLimit, tagErrors; no auth) over the kit's undici client, a fresh
 *   correlation id and context per query, and `jsonToFrame` of the body. No Arrow encoding and
 *   no gRPC: that is the backend benchmark's part. Limits raised for the run: concurrencyLimit
 *   maxInFlight 512 / queue 1024; the breaker never sees a failure.
 * - pipeline: the kit arm with a one-value frame instead of jsonToFrame — the middlewares, the
 *   context and the upstream client alone.
 * - Arms alternate in two rounds per concurrency after a warm-up, so drift hits both alike.
 *   `overheadUs` = kit mean − bare mean latency; `cpuOverheadUs` = the difference of the
 *   reciprocal throughputs (CPU time per request once the event loop is saturated), the more
 *   telling figure at c=256 where latency is mostly queueing. `jsonToFrameUs` is reported
 *   separately, since the bare arm does not build a frame.
 *
 * Env: BENCH_KIT_N1 (5000), BENCH_KIT_N256 (20000), BENCH_KIT_MAX_MS per arm and concurrency (10000).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

import {
  DataSourceSettings,
  Frame,
  GrafanaConfig,
  type DataQuery,
  type Logger,
  type PluginContext,
  type RequestContext,
} from '../packages/backend/src';
import { createDatasource, jsonToFrame, type DatasourceInstance } from '../packages/kit/src';

const ROWS = 20;
const body = JSON.stringify(
  Array.from({ length: ROWS }, (_, i) => ({
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    value: i * 1.5,
    label: `series-${i % 5}`,
  })),
);

// ---- upstream (child process) ------------------------------------------------------------

if (process.env.KIT_BENCH_ROLE === 'upstream') {
  const payload = Buffer.from(body);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': payload.length });
    res.end(payload);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port });
  });
  process.on('disconnect', () => process.exit(0));
} else {
  void main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

async function startUpstream(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(__filename, [], { env: { ...process.env, KIT_BENCH_ROLE: 'upstream' } });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`upstream exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

// ---- measuring --------------------------------------------------------------------------

interface ArmStats {
  iterations: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  throughputPerSec: number;
}

const nowNs = () => process.hrtime.bigint();

/** Runs `fn` up to `n` times with `c` workers (at most `maxMs`); latencies in µs and wall time. */
async function runArm(fn: () => Promise<void>, n: number, c: number, maxMs: number) {
  const lat: number[] = [];
  let started = 0;
  const t0 = nowNs();
  const deadline = t0 + BigInt(maxMs) * 1_000_000n;
  const worker = async () => {
    while (started < n && nowNs() < deadline) {
      started++;
      const s = nowNs();
      await fn();
      lat.push(Number(nowNs() - s) / 1000);
    }
  };
  await Promise.all(Array.from({ length: c }, worker));
  return { lat, wallMs: Number(nowNs() - t0) / 1e6 };
}

function stats(rounds: { lat: number[]; wallMs: number }[]): ArmStats {
  const all = rounds.flatMap((r) => r.lat).sort((a, b) => a - b);
  const wallMs = rounds.reduce((s, r) => s + r.wallMs, 0);
  const q = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))]!;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    iterations: all.length,
    meanUs: r1(all.reduce((s, x) => s + x, 0) / all.length),
    p50Us: r1(q(0.5)),
    p99Us: r1(q(0.99)),
    throughputPerSec: Math.round(all.length / (wallMs / 1000)),
  };
}

// ---- the two arms -----------------------------------------------------------------------

const noop = () => {};
const logger: Logger = {
  level: 'info',
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  with: () => logger,
} as Logger;

function dsSettings(url: string): DataSourceSettings {
  return DataSourceSettings.fromWire({
    id: 1,
    uid: 'bench-ds',
    name: 'bench',
    url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: Buffer.from('{}'),
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
    apiVersion: '',
  });
}

/** The kit arm; `toFrame: false` replaces jsonToFrame by a one-value frame (pipeline cost only). */
async function kitArm(url: string, toFrame: boolean) {
  const serveOpts = createDatasource({
    defaults: { concurrencyLimit: { maxInFlight: 512, maxQueue: 1024 } },
    async query(q, ctx) {
      const res = await ctx.fetch({ url: '/rows', signal: ctx.signal });
      const rows = res.json<unknown[]>();
      if (toFrame) return { frames: [jsonToFrame(rows, { name: q.refId })] };
      return {
        frames: [
          new Frame({ name: q.refId, fields: [{ name: 'rows', type: 'float64', values: [rows.length] }] }),
        ],
      };
    },
  });
  const settings = dsSettings(url);
  const instance = (await serveOpts.createInstance!(settings, { logger })) as DatasourceInstance<undefined>;
  const plugin: PluginContext = {
    orgId: 1,
    pluginId: 'bench-ds',
    pluginVersion: '0.0.0',
    userAgent: 'grafana',
    apiVersion: '',
    namespace: 'default',
    dataSource: settings,
    grafanaConfig: new GrafanaConfig({}),
    user: { login: 'bench', name: 'Bench', email: '', role: 'Viewer' },
  };
  // One context per request, each with its own signal, as serve() makes per gRPC call.
  const requestContext = (): RequestContext<DatasourceInstance<undefined>> => ({
    plugin,
    instance,
    signal: new AbortController().signal,
    remainingMs: () => Number.POSITIVE_INFINITY,
    logger,
    headers: {},
  });
  const query: DataQuery<unknown> = {
    refId: 'A',
    queryType: '',
    maxDataPoints: 1000,
    intervalMs: 1000,
    timeRange: { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 0, 2)) },
    json: {},
    query: {},
  };
  const run = async () => {
    const res = await serveOpts.queryData!({ queries: [query], headers: {}, plugin }, requestContext());
    const a = res.responses.A!;
    if (a.error !== undefined || a.frames?.[0]?.rowCount !== (toFrame ? ROWS : 1)) {
      throw new Error(`kit pipeline answered an error: ${String(a.error)}`);
    }
  };
  return { run, close: () => instance.dispose() };
}

function bareArm(url: string) {
  // The kit's own undici copy, so both arms run the same client version.
  const undici = createRequire(join(__dirname, '../packages/kit/package.json'))(
    'undici',
  ) as typeof import('undici');
  const agent = new undici.Agent();
  const target = `${url}/rows`;
  const run = async () => {
    const res = await undici.request(target, { dispatcher: agent });
    const rows = (await res.body.json()) as unknown[];
    if (res.statusCode !== 200 || rows.length !== ROWS) throw new Error('bare request failed');
  };
  return { run, close: () => agent.close() };
}

function jsonToFrameUs(): number {
  const parsed = JSON.parse(body) as unknown;
  for (let i = 0; i < 2000; i++) jsonToFrame(parsed, { name: 'A' });
  const n = 20_000;
  const s = nowNs();
  for (let i = 0; i < n; i++) jsonToFrame(parsed, { name: 'A' });
  return Math.round((Number(nowNs() - s) / 1000 / n) * 10) / 10;
}

async function main(): Promise<void> {
  const n1 = Number(process.env.BENCH_KIT_N1 ?? 5000);
  const n256 = Number(process.env.BENCH_KIT_N256 ?? 20_000);
  const maxMs = Number(process.env.BENCH_KIT_MAX_MS ?? 10_000);
  const { url, child } = await startUpstream();
  const arms = { bare: bareArm(url), pipeline: await kitArm(url, false), kit: await kitArm(url, true) };
  const names = Object.keys(arms) as (keyof typeof arms)[];
  const results = [];
  try {
    for (const [c, n] of [
      [1, n1],
      [256, n256],
    ] as const) {
      // Warm-up: JIT, connection pools of every client.
      for (const a of names) await runArm(arms[a].run, Math.max(500, c * 4), c, maxMs);
      const rounds = { bare: [], pipeline: [], kit: [] } as Record<
        keyof typeof arms,
        Awaited<ReturnType<typeof runArm>>[]
      >;
      for (let r = 0; r < 2; r++) {
        for (const a of names) rounds[a].push(await runArm(arms[a].run, n / 2, c, maxMs / 2));
      }
      const b = stats(rounds.bare);
      const p = stats(rounds.pipeline);
      const k = stats(rounds.kit);
      const r1 = (x: number) => Math.round(x * 10) / 10;
      const cpu = (x: ArmStats) => 1e6 / x.throughputPerSec;
      results.push({
        concurrency: c,
        bare: b,
        kit: k,
        pipelineWithoutFrame: p,
        // The figure: full pipeline (with jsonToFrame) mean − bare mean.
        overheadUs: r1(k.meanUs - b.meanUs),
        overheadP50Us: r1(k.p50Us - b.p50Us),
        cpuOverheadUs: r1(cpu(k) - cpu(b)),
        // The middlewares, context and upstream client alone (no frame building).
        pipelineOnly: {
          overheadUs: r1(p.meanUs - b.meanUs),
          overheadP50Us: r1(p.p50Us - b.p50Us),
          cpuOverheadUs: r1(cpu(p) - cpu(b)),
        },
      });
    }
  } finally {
    for (const a of names) await arms[a].close();
    child.kill();
  }
  console.log(
    JSON.stringify({
      name: 'kit-pipeline',
      upstream: { rows: ROWS, bytes: Buffer.byteLength(body), process: 'child' },
      machine: { cpus: cpus().length, node: process.version },
      jsonToFrameUs: jsonToFrameUs(),
      results,
    }),
  );
}
