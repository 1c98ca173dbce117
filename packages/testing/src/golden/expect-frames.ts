/**
 * `expectFrames(frames, goldenPath, { update })`: compare frames with a checked-in golden file of
 * their frame JSON. A mismatch throws an Error listing what differs (frame, field, row, expected,
 * got); `update` (default: `UPDATE_GOLDEN=1` in the environment) writes the file instead. A missing
 * golden file is an error outside update mode, so CI never passes by creating one.
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
}

/** What {@link expectFrames} did. */
export type ExpectFramesResult = 'matched' | 'written';

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
  if (update) {
    mkdirSync(dirname(goldenPath), { recursive: true });
    writeFileSync(goldenPath, actual);
    return 'written';
  }
  if (!existsSync(goldenPath)) {
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
