import { decodeFrame, encodeFrame } from '@dsforge/backend';

import { isDsError } from '../errors';
import { jsonToFrame } from './json';
import { summarise } from './test-helpers';

describe('jsonToFrame', () => {
  it('turns an array of objects under a root path into typed columns, time first', () => {
    const body = {
      data: {
        items: [
          { host: 'a', cpu: 0.5, up: true, ts: '2024-01-01T00:00:00Z', tags: ['x'] },
          { host: 'b', cpu: 1, up: false, ts: '2024-01-01T00:01:00Z', tags: [] },
        ],
      },
    };
    const frame = jsonToFrame(body, { root: '$.data.items', name: 'items' });
    expect(frame.name).toBe('items');
    expect(summarise(frame)).toEqual([
      { name: 'ts', type: 'time', values: ['2024-01-01T00:00:00.000Z', '2024-01-01T00:01:00.000Z'] },
      { name: 'host', type: 'string', values: ['a', 'b'] },
      { name: 'cpu', type: 'float64', values: [0.5, 1] },
      { name: 'up', type: 'bool', values: [true, false] },
      { name: 'tags', type: 'json', values: [['x'], []] },
    ]);
  });

  it('accepts a dot path as root', () => {
    expect(summarise(jsonToFrame({ a: { b: [{ v: 1 }] } }, { root: 'a.b' }))).toEqual([
      { name: 'v', type: 'float64', values: [1] },
    ]);
  });

  it('keeps first-seen column order and makes keys missing from some rows nullable', () => {
    const frame = jsonToFrame([
      { b: 1, a: 'x' },
      { a: 'y', c: true },
    ]);
    expect(summarise(frame)).toEqual([
      { name: 'b', type: 'float64', nullable: true, values: [1, null] },
      { name: 'a', type: 'string', values: ['x', 'y'] },
      { name: 'c', type: 'bool', nullable: true, values: [null, true] },
    ]);
  });

  it('puts declared fields first, in declared order, with declared types and paths', () => {
    const frame = jsonToFrame(
      [
        { id: 1, meta: { host: 'a' }, t: 1_700_000_000 },
        { id: 2, meta: { host: 'b' }, t: 1_700_000_060 },
      ],
      {
        fields: [
          { name: 'host', path: 'meta.host' },
          { name: 'id', type: 'int64' },
        ],
        timeField: 't',
      },
    );
    expect(summarise(frame)).toEqual([
      { name: 't', type: 'time', values: ['2023-11-14T22:13:20.000Z', '2023-11-14T22:14:20.000Z'] },
      { name: 'host', type: 'string', values: ['a', 'b'] },
      { name: 'id', type: 'int64', values: ['1n', '2n'] },
      { name: 'meta', type: 'json', values: [{ host: 'a' }, { host: 'b' }] },
    ]);
  });

  it('drops undeclared columns when asked', () => {
    const frame = jsonToFrame([{ a: 1, b: 2 }], { fields: ['b'], extraFields: 'drop' });
    expect(frame.fields.map((f) => f.name)).toEqual(['b']);
  });

  it('reads an object of equal-length arrays as columns', () => {
    const frame = jsonToFrame({ time: [1_700_000_000_000, 1_700_000_001_000], value: [1, 2] });
    expect(summarise(frame)).toEqual([
      { name: 'time', type: 'time', values: ['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:21.000Z'] },
      { name: 'value', type: 'float64', values: [1, 2] },
    ]);
  });

  it('rejects columns of different lengths with a message naming them', () => {
    expect(() => jsonToFrame({ a: [1, 2], b: [1] })).toThrow('different lengths (a: 2, b: 1)');
  });

  it('reads array rows by position, named by declared fields', () => {
    const frame = jsonToFrame(
      {
        values: [
          [1_700_000_000, '1.5'],
          [1_700_000_015, '2'],
        ],
      },
      {
        root: '$.values',
        fields: [
          { name: 'time', unit: 's' },
          { name: 'value', type: 'float64' },
        ],
      },
    );
    expect(summarise(frame)).toEqual([
      { name: 'time', type: 'time', values: ['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:35.000Z'] },
      { name: 'value', type: 'float64', values: [1.5, 2] },
    ]);
  });

  it('turns a single object into one row and a scalar into one value', () => {
    expect(summarise(jsonToFrame({ status: 'ok', n: 3 }))).toEqual([
      { name: 'status', type: 'string', values: ['ok'] },
      { name: 'n', type: 'float64', values: [3] },
    ]);
    expect(summarise(jsonToFrame(42))).toEqual([{ name: 'value', type: 'float64', values: [42] }]);
    expect(summarise(jsonToFrame(['a', 'b'], { valueField: 'name' }))).toEqual([
      { name: 'name', type: 'string', values: ['a', 'b'] },
    ]);
  });

  it('gives an empty frame for null or an empty array, keeping declared fields', () => {
    expect(jsonToFrame(null).fields).toEqual([]);
    const frame = jsonToFrame([], { fields: [{ name: 'v', type: 'float64' }], timeField: 'time' });
    expect(summarise(frame)).toEqual([
      { name: 'time', type: 'time', values: [] },
      { name: 'v', type: 'float64', values: [] },
    ]);
  });

  it('fails with a bad_response error that says where the root path stops', () => {
    let err: unknown;
    try {
      jsonToFrame({ data: { rows: [] } }, { root: '$.data.items' });
    } catch (e) {
      err = e;
    }
    expect(isDsError(err)).toBe(true);
    expect((err as Error).message).toBe(
      'The root path "$.data.items" is not in the response: "$.data" is an object with keys rows, with no .items.',
    );
  });

  it('fails when the configured time field is missing from non-empty data', () => {
    expect(() => jsonToFrame([{ a: 1 }], { timeField: 'ts' })).toThrow(
      'The time field "ts" is not in the data (fields: a).',
    );
  });

  it('flattens wildcard roots into one list of rows', () => {
    const body = { groups: [{ rows: [{ v: 1 }] }, { rows: [{ v: 2 }, { v: 3 }] }] };
    expect(summarise(jsonToFrame(body, { root: '$.groups[*].rows' }))).toEqual([
      { name: 'v', type: 'float64', values: [1, 2, 3] },
    ]);
    expect(summarise(jsonToFrame({ 'odd key': [{ v: 1 }] }, { root: "$['odd key']" }))[0]!.values).toEqual([
      1,
    ]);
  });

  it('keeps the first maxRows rows and adds a warning notice saying so', () => {
    const frame = jsonToFrame([{ v: 1 }, { v: 2 }, { v: 'x' }], { maxRows: 2 });
    // The type comes from every row, so the limit does not change it.
    expect(summarise(frame)).toEqual([{ name: 'v', type: 'string', values: ['1', '2'] }]);
    expect(frame.meta?.notices).toEqual([
      {
        severity: 'warning',
        text: 'Result truncated: showing the first 2 of 3 rows (limit). Narrow the query to see all data.',
      },
    ]);
  });

  it('keeps big integers exact when the JSON was parsed to bigint', () => {
    const frame = jsonToFrame([{ id: 9007199254740993n }, { id: 1 }]);
    expect(summarise(frame)).toEqual([{ name: 'id', type: 'int64', values: ['9007199254740993n', '1n'] }]);
  });

  it('builds frames that survive the Arrow encoding Grafana receives', () => {
    const frame = jsonToFrame(
      [
        { ts: '2024-01-01T00:00:00.123456789Z', n: 1.5, big: 2n ** 60n, ok: true, s: 'x', j: { a: [1] } },
        { ts: '2024-01-01T00:00:01Z', n: null, big: 1n, ok: null, s: null, j: null },
      ],
      { name: 'all' },
    );
    expect(summarise(decodeFrame(encodeFrame(frame)))).toEqual(summarise(frame));
  });
});
