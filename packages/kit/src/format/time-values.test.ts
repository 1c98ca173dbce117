import { epochToNs, guessEpochUnit, isTimeName, parseIsoTime } from './time-values';
import { nsToIso } from './test-helpers';

const iso = (s: string) => {
  const ns = parseIsoTime(s);
  return ns === undefined ? undefined : nsToIso(ns);
};

describe('parseIsoTime', () => {
  it('reads a date-only string as UTC midnight', () => {
    expect(iso('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
  });

  it('applies Z and numeric offsets in every common spelling', () => {
    expect(iso('2024-05-01T10:20:30Z')).toBe('2024-05-01T10:20:30.000Z');
    expect(iso('2024-05-01T12:20:30+02:00')).toBe('2024-05-01T10:20:30.000Z');
    expect(iso('2024-05-01T12:20:30+0200')).toBe('2024-05-01T10:20:30.000Z');
    expect(iso('2024-05-01T08:20:30-02')).toBe('2024-05-01T10:20:30.000Z');
    expect(iso('2024-05-01 10:20Z')).toBe('2024-05-01T10:20:00.000Z');
  });

  it('reads a date-time without an offset as UTC, not the host zone', () => {
    expect(iso('2024-05-01T10:20:30')).toBe('2024-05-01T10:20:30.000Z');
  });

  it('keeps nanosecond fractions', () => {
    expect(parseIsoTime('1970-01-01T00:00:01.123456789Z')).toBe(1_123_456_789n);
    expect(parseIsoTime('1970-01-01T00:00:00.5Z')).toBe(500_000_000n);
  });

  it('rejects strings that only look like dates', () => {
    for (const s of ['2024-02-30', '2024-13-01', '20240501', 'May 1 2024', '2024-05-01T25:00', 'abc', '12'])
      expect(parseIsoTime(s)).toBeUndefined();
  });
});

describe('guessEpochUnit', () => {
  it('tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude', () => {
    const t = 1_700_000_000; // 2023-11-14
    expect(guessEpochUnit(t)).toBe('s');
    expect(guessEpochUnit(t * 1e3)).toBe('ms');
    expect(guessEpochUnit(t * 1e6)).toBe('us');
    expect(guessEpochUnit(t * 1e9)).toBe('ns');
  });
});

describe('epochToNs', () => {
  it('converts each unit and keeps fractional seconds', () => {
    expect(epochToNs(1, 's')).toBe(1_000_000_000n);
    expect(epochToNs(1.5, 's')).toBe(1_500_000_000n);
    expect(epochToNs(2, 'ms')).toBe(2_000_000n);
    expect(epochToNs('1700000000123456789', 'ns')).toBe(1_700_000_000_123_456_789n);
    expect(epochToNs(Number.NaN, 's')).toBeUndefined();
  });
});

describe('isTimeName', () => {
  it('recognises time-like names by their last word', () => {
    for (const n of [
      'time',
      'Time',
      'timestamp',
      'ts',
      'date',
      'created_at',
      'updatedAt',
      'eventTimestamp',
      'start.time',
    ])
      expect(isTimeName(n)).toBe(true);
  });

  it('does not treat durations, counts or a bare "at" as time', () => {
    for (const n of ['duration', 'timeout', 'count', 'at', 'value', 'timeMs', ''])
      expect(isTimeName(n)).toBe(false);
  });
});
