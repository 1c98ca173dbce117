import { FrameError } from './errors';
import { Frame } from './frame';
import { shortestFloat32, stringifyFrameJSON, toFrameJSON } from './frame-json';
import { fromFrameJSON, parseFrameJSON } from './frame-json-read';

describe('toFrameJSON', () => {
  it('writes the Go SDK schema shape, omitting an empty name and refId', () => {
    const frame = new Frame({
      fields: [
        { name: 'time', type: 'time', values: [1000] },
        { name: '', type: 'json', nullable: true, values: [null], labels: { z: '1', a: '2' } },
      ],
    });
    expect(toFrameJSON(frame, { data: false })).toStrictEqual({
      schema: {
        fields: [
          { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
          {
            type: 'other',
            typeInfo: { frame: 'json.RawMessage', nullable: true },
            labels: { a: '2', z: '1' },
          },
        ],
      },
    });
  });

  it('writes meta as Go does, with typeVersion defaulting to [0,0]', () => {
    const frame = new Frame({ name: 'n', refId: 'A', meta: { executedQueryString: 'q' } });
    expect(toFrameJSON(frame).schema).toStrictEqual({
      name: 'n',
      refId: 'A',
      meta: { typeVersion: [0, 0], executedQueryString: 'q' },
      fields: [],
    });
  });

  it('omits entities and nanos when no float is special and no time has sub-millisecond precision', () => {
    const frame = new Frame({
      fields: [
        { name: 't', type: 'time', values: [1000, 2000] },
        { name: 'v', type: 'float64', values: [1, 2] },
      ],
    });
    expect(toFrameJSON(frame, { schema: false })).toStrictEqual({
      data: {
        values: [
          [1000, 2000],
          [1, 2],
        ],
      },
    });
  });

  it('writes NaN and infinities as null with entities, and sub-millisecond times with nanos', () => {
    const frame = new Frame({
      fields: [
        { name: 't', type: 'time', nullable: true, values: [1_000_000_001n, null, -1n] },
        { name: 'v', type: 'float32', values: [NaN, Infinity, -Infinity] },
        { name: 's', type: 'string', values: ['a', 'b', 'c'] },
      ],
    });
    expect(toFrameJSON(frame, { schema: false }).data).toStrictEqual({
      values: [
        [1000, null, -1],
        [null, null, null],
        ['a', 'b', 'c'],
      ],
      entities: [null, { NaN: [0], Inf: [1], NegInf: [2] }, null],
      nanos: [[1, 0, 999999], null, null],
    });
  });

  it('computes the same ms and nanos from typed time columns as from bigint values', () => {
    const ns = [
      0n,
      1n,
      -1n,
      999_999n,
      -1_000_000n,
      1_000_000n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      1568039445123456789n,
    ];
    for (let i = 0; i < 200; i++)
      ns.push(BigInt.asIntN(64, BigInt(Math.floor(Math.random() * 2 ** 53)) * 1237n + BigInt(i)));
    const typed = new Frame({ fields: [{ name: 't', type: 'time', values: BigInt64Array.from(ns) }] });
    const plain = new Frame({ fields: [{ name: 't', type: 'time', nullable: true, values: [...ns, null] }] });
    expect(plain.fields[0]!.values).toHaveLength(ns.length + 1); // materialised: the bigint path
    expect(plain.fields[0]!.typedColumn()).toBeUndefined();
    const a = toFrameJSON(typed, { schema: false }).data!;
    const b = toFrameJSON(plain, { schema: false }).data!;
    expect(a.values[0]).toEqual(b.values[0]!.slice(0, -1));
    expect(a.nanos![0]).toEqual(b.nanos![0]!.slice(0, -1));
  });

  it('writes int64 and uint64 as bigint and keeps them exact through stringify', () => {
    const frame = new Frame({ fields: [{ name: 'u', type: 'uint64', values: [18446744073709551615n] }] });
    const text = stringifyFrameJSON(toFrameJSON(frame, { schema: false }));
    expect(text).toBe('{"data":{"values":[[18446744073709551615]]}}');
  });

  it('writes float32 values as their shortest float32 decimal', () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(1.401298464324817e-45)).toBe(1e-45);
    expect(shortestFloat32(3.4028234663852886e38)).toBe(3.4028235e38);
  });

  it('rejects frames whose fields differ in length', () => {
    const frame = new Frame({
      fields: [
        { name: 'a', type: 'bool', values: [true] },
        { name: 'b', type: 'bool' },
      ],
    });
    expect(() => toFrameJSON(frame)).toThrow(FrameError);
  });
});

describe('fromFrameJSON', () => {
  it('restores NaN/±Inf from entities and nanoseconds from nanos', () => {
    const json = parseFrameJSON(
      '{"schema":{"fields":[{"name":"t","typeInfo":{"frame":"time.Time"}},{"name":"v","typeInfo":{"frame":"float64"}}]},' +
        '"data":{"values":[[1000,-1],[null,2]],"entities":[null,{"NaN":[0]}],"nanos":[[5,999999],null]}}',
    );
    const frame = fromFrameJSON(json);
    expect(frame.fields[0]!.values).toEqual([1_000_000_005n, -1n]);
    expect(frame.fields[1]!.values).toEqual([NaN, 2]);
  });

  it('builds a frame with zero rows from a schema-only message', () => {
    const frame = fromFrameJSON({
      schema: { name: 'x', fields: [{ name: 'a', typeInfo: { frame: 'int8' } }] },
    });
    expect(frame.rowCount).toBe(0);
    expect(frame.fields[0]!.type).toBe('int8');
  });

  it('rejects unsupported type names, missing schemas and column count mismatches', () => {
    expect(() =>
      fromFrameJSON({ schema: { fields: [{ name: 'a', typeInfo: { frame: 'complex128' } }] } }),
    ).toThrow(/field "a" has unsupported typeInfo.frame "complex128"/);
    expect(() => fromFrameJSON({ data: { values: [] } })).toThrow(/no schema.fields/);
    expect(() =>
      fromFrameJSON({
        schema: { fields: [{ name: 'a', typeInfo: { frame: 'int8' } }] },
        data: { values: [] },
      }),
    ).toThrow('frame JSON has 1 fields in its schema but 0 value columns');
  });

  it('rejects a null in a field the schema says is not nullable', () => {
    const json = {
      schema: { fields: [{ name: 'a', typeInfo: { frame: 'int8' } }] },
      data: { values: [[null]] },
    };
    expect(() => fromFrameJSON(json)).toThrow(/field "a" \(int8\) is not nullable but row 0 is null/);
  });
});

describe('parseFrameJSON', () => {
  it('makes int64/uint64 columns bigint and leaves other numbers as numbers', () => {
    const json = parseFrameJSON(
      '{"schema":{"fields":[{"typeInfo":{"frame":"int64"}},{"typeInfo":{"frame":"float64"}},{"typeInfo":{"frame":"json.RawMessage"}}]},' +
        '"data":{"values":[[1,9223372036854775807],[18446744073709551615],[{"n":18446744073709551615}]]}}',
    );
    expect(json.data!.values).toEqual([
      [1n, 9223372036854775807n],
      [2 ** 64],
      [{ n: 18446744073709551615n }],
    ]);
  });

  it('rejects text that is not a JSON object', () => {
    expect(() => parseFrameJSON('[]')).toThrow(FrameError);
    expect(() => parseFrameJSON('{')).toThrow(FrameError);
  });
});
