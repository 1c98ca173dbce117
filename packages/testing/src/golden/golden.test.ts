import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Frame } from '@dsforge/backend/data';

import { expectFrames, GoldenMismatchError, missingGoldenPolicy } from './expect-frames';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsforge-golden-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rows(values: number[], big = 9_007_199_254_740_993n): Frame {
  return new Frame({
    name: 'rows',
    refId: 'A',
    meta: { executedQueryString: 'rows 3' },
    fields: [
      { name: 'time', type: 'time', values: values.map((_, i) => Date.UTC(2026, 0, 1, 0, 0, i)) },
      { name: 'value', type: 'float64', values },
      { name: 'id', type: 'int64', values: values.map(() => big) },
    ],
  });
}

describe('expectFrames', () => {
  it('writes the golden file in update mode and matches it afterwards', () => {
    const path = join(dir, 'sub/rows.golden.json');
    expect(expectFrames([rows([1, 2, 3])], path, { update: true })).toBe('written');
    expect(expectFrames([rows([1, 2, 3])], path, { update: false })).toBe('matched');
    // One line per column, every int64 digit kept.
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('[1, 2, 3]');
    expect(text).toContain('[9007199254740993, 9007199254740993, 9007199254740993]');
  });

  it('names the frame, field and row that changed', () => {
    const path = join(dir, 'rows.golden.json');
    expectFrames([rows([1, 2, 3])], path, { update: true });
    expect(() => expectFrames([rows([1, 2, 4])], path, { update: false })).toThrow(
      /frame 0 \(rows\) field "value" row 2: expected 3, got 4/,
    );
  });

  it('reports schema changes: fields, row counts, meta', () => {
    const path = join(dir, 'rows.golden.json');
    expectFrames([rows([1, 2, 3])], path, { update: true });
    const changed = rows([1, 2]);
    changed.meta = { executedQueryString: 'rows 2' };
    let message = '';
    try {
      expectFrames([changed], path, { update: false });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/frame 0 \(rows\) meta.executedQueryString: expected "rows 3", got "rows 2"/);
    expect(message).toMatch(/field "value" rows: expected 3, got 2/);
    expect(message).toMatch(/UPDATE_GOLDEN=1/);
  });

  it('sees an int64 difference beyond double precision', () => {
    const path = join(dir, 'big.golden.json');
    expectFrames([rows([1], 9_007_199_254_740_993n)], path, { update: true });
    expect(() => expectFrames([rows([1], 9_007_199_254_740_992n)], path, { update: false })).toThrow(
      /9007199254740993[\s\S]*9007199254740992/,
    );
  });

  it('refuses a missing golden file outside update mode', () => {
    expect(() => expectFrames([rows([1])], join(dir, 'missing.json'), { update: false })).toThrow(
      GoldenMismatchError,
    );
    expect(() => expectFrames([rows([1])], join(dir, 'missing.json'), { update: false })).toThrow(
      /UPDATE_GOLDEN=1/,
    );
  });

  it("records a missing golden file with missing: 'write', then holds the frames to it", () => {
    const path = join(dir, 'new/query.json');
    expect(expectFrames([rows([1, 2])], path, { update: false, missing: 'write' })).toBe('created');
    expect(readFileSync(path, 'utf8')).toContain('[1, 2]');
    // Once it exists, 'write' no longer hides a change.
    expect(() => expectFrames([rows([1, 3])], path, { update: false, missing: 'write' })).toThrow(
      /field "value" row 1: expected 2, got 3/,
    );
  });

  it('writes missing golden files locally but fails on them in CI', () => {
    expect(missingGoldenPolicy({})).toBe('write');
    expect(missingGoldenPolicy({ CI: 'false' })).toBe('write');
    expect(missingGoldenPolicy({ CI: 'true' })).toBe('fail');
    expect(missingGoldenPolicy({ CI: '1' })).toBe('fail');
  });

  it('takes update mode from UPDATE_GOLDEN by default', () => {
    const path = join(dir, 'env.golden.json');
    const before = process.env.UPDATE_GOLDEN;
    process.env.UPDATE_GOLDEN = '1';
    try {
      expect(expectFrames([rows([5])], path)).toBe('written');
    } finally {
      if (before === undefined) delete process.env.UPDATE_GOLDEN;
      else process.env.UPDATE_GOLDEN = before;
    }
    expect(expectFrames([rows([5])], path)).toBe('matched');
  });
});
