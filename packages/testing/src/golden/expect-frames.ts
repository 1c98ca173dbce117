/**
 * `expectFrames(frames, goldenPath, { update })`: compare frames with a checked-in golden file of
 * their frame JSON. A mismatch throws an Error listing what differs (frame, field, row, expected,
 * got); `update` (default: `UPDATE_GOLDEN=1` in the environment) writes the file instead. A missing
 * golden file is an error by default, so CI never passes by creating one; `missing: 'write'` records
 * it instead (Jest's snapshot rule: new snapshots are written locally, never under `--ci`) — see
 * {@link missingGoldenPolicy}.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';

import type { Frame } from '@dsforge/backend/data';

import { describeFrameDiff, firstLineDiff } from './diff';
import { framesToGolden } from './format';

/** Options of {@link expectFrames}. */
export interface ExpectFramesOptions {
  /** Write the golden file from `frames` instead of comparing (default `UPDATE_GOLDEN === '1'`). */
  update?: boolean;
  /**
   * What a missing golden file means: `'fail'` (default) or `'write'` it from `frames` and return
   * `'created'`. Use {@link missingGoldenPolicy} for "write locally, fail in CI".
   */
  missing?: 'fail' | 'write';
}

/** What {@link expectFrames} did. */
export type ExpectFramesResult = 'matched' | 'written' | 'created';

/**
 * `'fail'` when the environment says CI (`CI` set to anything but `false`/`0`), else `'write'`:
 * a developer's first run records the golden files of a new package or query type for review,
 * while a CI run with a golden file missing fails instead of passing on what it just wrote.
 */
export function missingGoldenPolicy(env: NodeJS.ProcessEnv = process.env): 'fail' | 'write' {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0' ? 'fail' : 'write';
}

/** A golden mismatch (an Error, so any test runner reports it). */
export class GoldenMismatchError extends Error {
  override readonly name = 'GoldenMismatchError';
}

const shown = (p: string) => relative(process.cwd(), p) || p;

/** See the module comment. */
export function expectFrames(
  frames: readonly Frame[],
  goldenPath: string,
  opts: ExpectFramesOptions = {},
): ExpectFramesResult {
  const update = opts.update ?? process.env.UPDATE_GOLDEN === '1';
  const actual = framesToGolden(frames);
  const write = <R extends ExpectFramesResult>(result: R): R => {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
    return result;
  };
  if (update) return write('written');
  if (!existsSync(goldenPath)) {
    if (opts.missing === 'write') return write('created');
    throw new GoldenMismatchError(
      `golden file ${shown(goldenPath)} does not exist; run the test with UPDATE_GOLDEN=1 to create it, review it, and commit it`,
    );
  }
  const expected = readFileSync(goldenPath, 'utf8');
  if (expected.trim() === actual.trim()) return 'matched';
  let lines: string[];
  try {
    lines = describeFrameDiff(JSON.parse(expected), JSON.parse(actual));
  } catch {
    lines = [];
  }
  if (lines.length === 0) lines = [firstLineDiff(expected, actual)];
  throw new GoldenMismatchError(
    `frames differ from ${shown(goldenPath)}:\n${lines.map((l) => `  - ${l}`).join('\n')}\nIf the change is intended, run with UPDATE_GOLDEN=1 and review the file diff.`,
  );
}
