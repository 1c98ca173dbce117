import { Frame } from '@dsforge/backend';

import { longToWide, wideToLong } from './series';
import { summarise } from './test-helpers';

const T0 = '1970-01-01T00:00:00.000Z';
const T1 = '1970-01-01T00:00:01.000Z';

function longFrame(): Frame {
  return new Frame({
    name: 'cpu',
    fields: [
      { name: 'time', type: 'time', values: [1000, 0, 0, 1000, 0] },
      { name: 'host', type: 'string', values: ['b', 'b', 'a', 'a', 'c'] },
      { name: 'cpu', type: 'float64', values: [2, 1, 10, 20, 7] },
      { name: 'mem', type: 'float64', values: [200, 100, 1000, 2000, 700] },
    ],
  });
}

describe('longToWide', () => {
  it('makes one labelled field per series and value, in first-seen series order, times ascending', () => {
    const wide = longToWide(longFrame());
    expect(wide.meta?.type).toBe('timeseries-wide');
    expect(summarise(wide)).toEqual([
      { name: 'time', type: 'time', values: [T0, T1] },
      { name: 'cpu', type: 'float64', labels: { host: 'b' }, values: [1, 2] },
      { name: 'cpu', type: 'float64', labels: { host: 'a' }, values: [10, 20] },
      { name: 'cpu', type: 'float64', nullable: true, labels: { host: 'c' }, values: [7, null] },
      { name: 'mem', type: 'float64', labels: { host: 'b' }, values: [100, 200] },
      { name: 'mem', type: 'float64', labels: { host: 'a' }, values: [1000, 2000] },
      { name: 'mem', type: 'float64', nullable: true, labels: { host: 'c' }, values: [700, null] },
    ]);
  });

  it('uses only the named label and value fields', () => {
    const wide = longToWide(longFrame(), { timeField: 'time', labelFields: ['host'], valueFields: ['mem'] });
    expect(wide.fields.map((f) => `${f.name}${JSON.stringify(f.labels ?? {})}`)).toEqual([
      'time{}',
      'mem{"host":"b"}',
      'mem{"host":"a"}',
      'mem{"host":"c"}',
    ]);
  });

  it('names a missing field in its error', () => {
    expect(() => longToWide(longFrame(), { valueFields: ['disk'] })).toThrow(
      'The value field "disk" is not in the frame (fields: time, host, cpu, mem).',
    );
  });
});

describe('wideToLong', () => {
  it('turns labelled fields back into label columns, one row per time and series', () => {
    const long = wideToLong(longToWide(longFrame()));
    expect(long.meta?.type).toBe('timeseries-long');
    expect(summarise(long)).toEqual([
      { name: 'time', type: 'time', values: [T0, T0, T0, T1, T1, T1] },
      { name: 'host', type: 'string', values: ['b', 'a', 'c', 'b', 'a', 'c'] },
      { name: 'cpu', type: 'float64', nullable: true, values: [1, 10, 7, 2, 20, null] },
      { name: 'mem', type: 'float64', nullable: true, values: [100, 1000, 700, 200, 2000, null] },
    ]);
  });

  it('rejects fields of one name with different types', () => {
    const wide = new Frame({
      fields: [
        { name: 'time', type: 'time', values: [0] },
        { name: 'v', type: 'float64', values: [1], labels: { a: '1' } },
        { name: 'v', type: 'string', values: ['x'], labels: { a: '2' } },
      ],
    });
    expect(() => wideToLong(wide)).toThrow('The fields named "v" have different types (float64 and string).');
  });
});
