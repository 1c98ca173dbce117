/**
 * The upstream of a generated package's "recorded traffic" tests, chosen by the environment:
 *
 * - `DSFORGE_RECORD_URL=<url>` — **record**: a recording proxy in front of the real API at `<url>`
 *   replaces the folder's recordings (credentials scrubbed) while the caller's `drive` callback
 *   sends its queries through it; then the fresh recordings are replayed, so what the tests (and
 *   golden files) see is what later offline runs will see — scrubbed values included. The
 *   credentials come from `DSFORGE_RECORD_SECRETS` (a JSON object, e.g. `{"apiKey":"…"}`), else
 *   the generated test ones. `DSFORGE_RECORD_URL=mock` records the package's own schema mock (to
 *   start fixtures by hand when no real server is reachable).
 * - otherwise, when the folder holds recordings — **replay** them offline.
 * - otherwise there is nothing to run: {@link recordedUpstreamMode} says `none` and the tests skip.
 * @module
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { MockUpstream } from '../mock-upstream';
import { recordUpstream } from '../record-replay/record';
import { replayUpstream } from '../record-replay/replay';

/** The environment variable naming the API to record. */
export const RECORD_URL_ENV = 'DSFORGE_RECORD_URL';
/** The environment variable holding the credentials to record with (JSON object). */
export const RECORD_SECRETS_ENV = 'DSFORGE_RECORD_SECRETS';

/** Where a datasource reaches an upstream, and with which credentials. */
export interface UpstreamAccess {
  /** The datasource URL to configure. */
  url: string;
  /** The secureJsonData to configure. */
  secrets: Record<string, string>;
}

/** The replayed upstream of the recorded-traffic tests. */
export interface RecordedUpstream extends UpstreamAccess {
  /** `record` when the recordings were made just now, `replay` when they were on disk. */
  mode: 'record' | 'replay';
  /** Stops the replay server. */
  close(): Promise<void>;
}

/** Recording files in `dir` (the `NNN-METHOD-path.json` files `recordUpstream` writes). */
export function recordingFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^\d{3}-.*\.json$/.test(f)) : [];
}

/** What the recorded-traffic tests will do in this environment. */
export function recordedUpstreamMode(
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): 'record' | 'replay' | 'none' {
  if (env[RECORD_URL_ENV]) return 'record';
  return recordingFiles(dir).length > 0 ? 'replay' : 'none';
}

/** The credentials of `DSFORGE_RECORD_SECRETS`, or `fallback`. Bad JSON is an error naming the variable. */
export function recordSecrets(
  fallback: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const raw = env[RECORD_SECRETS_ENV];
  if (!raw) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(
      `${RECORD_SECRETS_ENV} is not JSON (${(err as Error).message}); set it to an object of secureJsonData fields, e.g. {"apiKey":"…"}`,
      { cause: err },
    );
  }
  const ok =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'string');
  if (!ok) {
    throw new Error(
      `${RECORD_SECRETS_ENV} must be a JSON object of strings (secureJsonData fields), e.g. {"apiKey":"…"}`,
    );
  }
  return parsed as Record<string, string>;
}

/** Options of {@link startRecordedUpstream}. */
export interface RecordedUpstreamOptions {
  /** The recordings folder (e.g. `<package>/test/recordings`). */
  dir: string;
  /** The credentials the generated tests use (replay, and recording without `DSFORGE_RECORD_SECRETS`). */
  testSecrets: Record<string, string>;
  /** Starts the package's schema mock, for `DSFORGE_RECORD_URL=mock`. */
  startMock: () => Promise<MockUpstream>;
  /** Record mode: sends every query the tests will make through the recording proxy at `live`. */
  drive: (live: UpstreamAccess) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

/**
 * Records first when {@link recordedUpstreamMode} says `record`, then replays the folder; undefined
 * for `none`.
 */
export async function startRecordedUpstream(
  opts: RecordedUpstreamOptions,
): Promise<RecordedUpstream | undefined> {
  const env = opts.env ?? process.env;
  const mode = recordedUpstreamMode(opts.dir, env);
  if (mode === 'none') return undefined;
  if (mode === 'record') await record(opts, env);
  const replay = await replayUpstream(opts.dir);
  return { mode, url: replay.url, secrets: opts.testSecrets, close: () => replay.close() };
}

/** Records the traffic of `opts.drive` into `opts.dir`, replacing what was there. */
async function record(opts: RecordedUpstreamOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const secrets = recordSecrets(opts.testSecrets, env);
  const mock = env[RECORD_URL_ENV] === 'mock' ? await opts.startMock() : undefined;
  // A recording replaces the previous one: stale files would replay requests nobody makes now.
  for (const f of recordingFiles(opts.dir)) rmSync(join(opts.dir, f));
  const rec = await recordUpstream({
    target: mock?.url ?? env[RECORD_URL_ENV]!,
    fixturesDir: opts.dir,
    scrub: { secrets: Object.values(secrets).filter((s) => s.length >= 4) },
  });
  try {
    await opts.drive({ url: rec.url, secrets });
  } finally {
    await rec.close();
    await mock?.close();
  }
  if (recordingFiles(opts.dir).length === 0) {
    throw new Error(
      `recording ${env[RECORD_URL_ENV]} produced no traffic in ${opts.dir}; check the URL and that the queries reach the upstream`,
    );
  }
}
