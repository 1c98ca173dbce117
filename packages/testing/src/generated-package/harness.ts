/**
 * The test harness every package made by `create-datasource` uses (one implementation, so the
 * generated packages carry a two-line file instead of a copy each): builds the plugin once (when
 * the binary is missing or older than the sources), the schema mock of the API (schema-mock.ts),
 * the package's sample queries, golden frame files under `test/golden/`, and recorded traffic
 * under `test/recordings/` (recorded-upstream.ts). Reads `<packageDir>/test/generated/fixtures.json`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { Frame } from '@dsforge/backend/data';

import { expectFrames, missingGoldenPolicy, type ExpectFramesResult } from '../golden';
import type { MockUpstream } from '../mock-upstream';
import type { Fixtures, SampleQuery } from './fixtures';
import {
  recordedUpstreamMode,
  startRecordedUpstream,
  type RecordedUpstream,
  type UpstreamAccess,
} from './recorded-upstream';
import { schemaMock } from './schema-mock';

export type { Fixtures, MockRoute, SampleQuery } from './fixtures';

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

  const mock = schemaMock(fixtures);

  const GOLDEN_DIR = join(PACKAGE_DIR, 'test', 'golden');
  const RECORDINGS_DIR = join(PACKAGE_DIR, 'test', 'recordings');

  return {
    PACKAGE_DIR,
    fixtures,
    queries,
    BINARY,
    ensureBuilt,
    ...mock,
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
        startMock: mock.startMockApi,
        drive,
      }),
  };
}
