/**
 * The test harness every package made by `create-datasource` uses (one implementation, so the
 * generated packages carry a two-line file instead of a copy each): builds the plugin once (when
 * the binary is missing or older than the sources), starts a mock of the API whose routes answer
 * with bodies generated from the schema's examples and schemas, and validates those bodies
 * against the schema. Reads `<packageDir>/test/generated/fixtures.json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { Frame } from '@dsforge/backend/data';

import { expectFrames, missingGoldenPolicy, type ExpectFramesResult } from '../golden';
import { mockUpstream, type Exchange, type MockUpstream, type Scenario } from '../mock-upstream';
import {
  recordedUpstreamMode,
  startRecordedUpstream,
  type RecordedUpstream,
  type UpstreamAccess,
} from './recorded-upstream';

/** One mocked endpoint (see `test/generated/fixtures.json`). */
export interface MockRoute {
  operationId: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
  schema: Record<string, unknown> | null;
  paging?: { kind: string; param: string; in: 'query' | 'body' | 'variables'; lastBody?: unknown };
  graphqlName?: string;
}

/** The generated fixtures: auth, routes and one sample query per query type. */
export interface Fixtures {
  binary: string;
  auth: {
    type: string;
    jsonData: Record<string, unknown>;
    valid: Record<string, string>;
    invalid: Record<string, string>;
    check?: { header?: string; query?: string; value: string };
  };
  routes: MockRoute[];
  queries: { refId: string; operationId: string; params: Record<string, unknown> }[];
}

/** A sample query of one query type. */
export interface SampleQuery {
  refId: string;
  operationId: string;
  params: Record<string, unknown>;
}

/** The harness of one generated package. */
export interface GeneratedPackageHarness {
  PACKAGE_DIR: string;
  fixtures: Fixtures;
  /**
   * One sample query per query type: the `json` of each `queries` entry of the package's
   * `certify.config.json` (yours to edit, so the tests and certification run the same samples),
   * else the generated ones of `fixtures.json`.
   */
  queries: SampleQuery[];
  /** The packaged backend for this machine. */
  BINARY: string;
  /** Builds the plugin for this machine unless an up-to-date binary exists. Returns the binary. */
  ensureBuilt(): string;
  /** False when the mock answers an operation with an empty body (no rows to expect). */
  expectsRows(operationId: string): boolean;
  /** Starts the mock API (call `close()` when done). */
  startMockApi(): Promise<MockUpstream>;
  /** Mock bodies that do not validate against the schema, as `operationId: problem` lines. */
  invalidMockBodies(): string[];
  /** `<package>/test/golden`: the golden frame files of the package's tests. */
  GOLDEN_DIR: string;
  /** `<package>/test/recordings`: recorded upstream traffic, replayed offline. */
  RECORDINGS_DIR: string;
  /**
   * The dashboard time range every generated test query uses. Fixed, so time parameters sent
   * upstream (and thus recordings and golden files) are the same on every run.
   */
  TIME_RANGE: { from: Date; to: Date };
  /**
   * `expectFrames` against `test/golden/<name>.json`. A missing file is written on a developer's
   * machine and fails in CI; `UPDATE_GOLDEN=1` (or `update`) rewrites it.
   */
  expectGolden(frames: readonly Frame[], name: string, opts?: { update?: boolean }): ExpectFramesResult;
  /** `record`, `replay` or `none`: what {@link startRecordedApi} will do here (see recorded-upstream.ts). */
  recordedMode(): 'record' | 'replay' | 'none';
  /**
   * Replays `test/recordings`; undefined when there are none. When recording
   * (`DSFORGE_RECORD_URL`), `drive` first sends the tests' queries through the recording proxy.
   */
  startRecordedApi(drive: (live: UpstreamAccess) => Promise<void>): Promise<RecordedUpstream | undefined>;
}

/** The sample queries of `certify.config.json`, or undefined when it has none with an operation. */
function certifySamples(packageDir: string): SampleQuery[] | undefined {
  const file = join(packageDir, 'certify.config.json');
  if (!existsSync(file)) return undefined;
  let config: { queries?: { name?: string; json?: Partial<SampleQuery> }[] };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch (err) {
    throw new Error(
      `${file} is not valid JSON (${(err as Error).message}); fix it or run dsforge certify for details`,
      {
        cause: err,
      },
    );
  }
  const samples = (config.queries ?? [])
    .map((q) => q.json)
    .filter((j): j is Partial<SampleQuery> => typeof j?.operationId === 'string')
    .map((j) => ({ refId: j.refId ?? j.operationId!, operationId: j.operationId!, params: j.params ?? {} }));
  return samples.length > 0 ? samples : undefined;
}

/** The harness for the generated package in `packageDir`. */
export function generatedPackageHarness(packageDir: string): GeneratedPackageHarness {
  const PACKAGE_DIR = packageDir;
  const fixtures = JSON.parse(
    readFileSync(join(packageDir, 'test', 'generated', 'fixtures.json'), 'utf8'),
  ) as Fixtures;
  const queries = certifySamples(packageDir) ?? fixtures.queries;
  const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  /** The packaged backend for this machine. */
  const BINARY = join(PACKAGE_DIR, 'dist', `${fixtures.binary}_linux_${arch}`);

  function newest(dir: string): number {
    let t = 0;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const s = statSync(full);
      t = Math.max(t, s.isDirectory() ? newest(full) : s.mtimeMs);
    }
    return t;
  }

  /** Builds the plugin for this machine unless an up-to-date binary exists. Returns the binary. */
  function ensureBuilt(): string {
    if (existsSync(BINARY) && statSync(BINARY).mtimeMs >= newest(join(PACKAGE_DIR, 'src'))) return BINARY;
    const bin = join(PACKAGE_DIR, 'node_modules', '.bin', 'dsforge');
    const r = spawnSync(bin, ['build', PACKAGE_DIR, '--targets', `linux_${arch}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dsforge build failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
    return BINARY;
  }

  function authorized(ex: Exchange): boolean {
    const check = fixtures.auth.check;
    if (!check) return true;
    if (check.header) return ex.headers[check.header] === check.value;
    return ex.query[check.query ?? ''] === check.value;
  }

  function requestBody(ex: Exchange): Record<string, unknown> {
    try {
      return JSON.parse(ex.body || '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  /** True when the request asks for a page after the first. */
  function followUp(route: MockRoute, ex: Exchange): boolean {
    const p = route.paging;
    if (!p) return false;
    const body = requestBody(ex);
    const value =
      p.in === 'query'
        ? ex.query[p.param]
        : p.in === 'body'
          ? body[p.param]
          : (body.variables as Record<string, unknown> | undefined)?.[p.param];
    if (value === undefined || value === null || value === '') return false;
    if (p.kind === 'offset') return Number(value) > 0;
    if (p.kind === 'pageNumber') return Number(value) > 1;
    return true;
  }

  function answer(route: MockRoute, ex: Exchange): void {
    if (!authorized(ex)) return ex.send(401, { message: 'invalid credentials' });
    const headers = { 'content-type': route.contentType };
    if (route.paging?.kind === 'linkHeader' && ex.query.__mockpage === undefined) {
      const next = new URL(ex.url.href);
      next.searchParams.set('__mockpage', '2');
      return ex.send(route.status, route.body, {
        ...headers,
        link: `<${next.pathname}${next.search}>; rel="next"`,
      });
    }
    ex.send(route.status, followUp(route, ex) ? route.paging?.lastBody : route.body, headers);
  }

  function graphqlScenario(routes: MockRoute[]): Scenario {
    return (ex) => {
      if (!authorized(ex)) return ex.send(401, { message: 'invalid credentials' });
      const query = String(requestBody(ex).query ?? '');
      const name = /^\s*query\s+(\w+)/.exec(query)?.[1];
      const route = routes.find((r) => r.graphqlName === name);
      if (!route) return ex.send(200, { data: { __typename: 'Query' } });
      answer(route, ex);
    };
  }

  /** False when the mock answers an operation with an empty body (no rows to expect). */
  function expectsRows(operationId: string): boolean {
    const body = fixtures.routes.find((r) => r.operationId === operationId)?.body;
    if (body === null || body === undefined || body === '') return false;
    return typeof body !== 'object' || Object.keys(body).length > 0;
  }

  /** Starts the mock API (call `close()` when done). */
  async function startMockApi(): Promise<MockUpstream> {
    const routes: Record<string, Scenario> = {};
    const graphql = fixtures.routes.filter((r) => r.graphqlName !== undefined);
    if (graphql.length > 0) routes[`POST ${graphql[0]!.path}`] = graphqlScenario(graphql);
    for (const r of fixtures.routes) {
      if (r.graphqlName === undefined) routes[`${r.method} ${r.path}`] = (ex) => answer(r, ex);
    }
    return mockUpstream({ routes });
  }

  /** Mock bodies that do not validate against the schema, as `operationId: problem` lines. */
  function invalidMockBodies(): string[] {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const problems: string[] = [];
    for (const r of fixtures.routes) {
      if (!r.schema) continue;
      const validate = ajv.compile(r.schema);
      for (const [which, body] of [
        ['first page', r.body],
        ['last page', r.paging?.lastBody ?? r.body],
      ] as const) {
        if (!validate(body)) problems.push(`${r.operationId} (${which}): ${ajv.errorsText(validate.errors)}`);
      }
    }
    return problems;
  }

  const GOLDEN_DIR = join(PACKAGE_DIR, 'test', 'golden');
  const RECORDINGS_DIR = join(PACKAGE_DIR, 'test', 'recordings');

  return {
    PACKAGE_DIR,
    fixtures,
    queries,
    BINARY,
    ensureBuilt,
    expectsRows,
    startMockApi,
    invalidMockBodies,
    GOLDEN_DIR,
    RECORDINGS_DIR,
    TIME_RANGE: { from: new Date('2026-01-13T09:30:00Z'), to: new Date('2026-01-15T09:30:00Z') },
    expectGolden: (frames, name, opts = {}) =>
      expectFrames(frames, join(GOLDEN_DIR, `${name}.json`), {
        missing: missingGoldenPolicy(),
        ...(opts.update ? { update: true } : {}),
      }),
    recordedMode: () => recordedUpstreamMode(RECORDINGS_DIR),
    startRecordedApi: (drive) =>
      startRecordedUpstream({
        dir: RECORDINGS_DIR,
        testSecrets: fixtures.auth.valid,
        startMock: startMockApi,
        drive,
      }),
  };
}
