import { formatTimestamp, MAX_STRING_LENGTH, toLogValue } from './format';
import { noRedaction } from './redact';

describe('formatTimestamp', () => {
  it('formats UTC with exactly six fractional digits', () => {
    expect(formatTimestamp(new Date('2026-01-02T15:04:05.007Z'))).toBe('2026-01-02T15:04:05.007000Z');
  });

  it('falls back to the current time for an invalid date', () => {
    expect(formatTimestamp(new Date(NaN))).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });
});

describe('toLogValue', () => {
  it('truncates very long strings so the line stays under go-plugin’s 64 KiB limit', () => {
    const v = toLogValue('x'.repeat(MAX_STRING_LENGTH * 2), noRedaction) as string;
    expect(v.length).toBeLessThan(MAX_STRING_LENGTH + 50);
    expect(v).toContain('more chars');
  });

  it('uses an object’s toJSON so settings classes control what is logged', () => {
    expect(toLogValue({ toJSON: () => ({ shown: true }), hidden: 1 }, noRedaction)).toEqual({ shown: true });
  });

  it('writes non-finite numbers as strings', () => {
    expect(toLogValue([NaN, Infinity, 1], noRedaction)).toEqual(['NaN', 'Infinity', 1]);
  });

  it('repeats shared (non-circular) references in full', () => {
    const shared = { a: 1 };
    expect(toLogValue({ x: shared, y: shared }, noRedaction)).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });
});
