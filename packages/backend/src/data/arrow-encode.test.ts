import { RecordBatchReader, Type, TimeUnit } from 'apache-arrow';
import { encodeFrame } from './arrow-encode';
import { decodeFrame } from './arrow-decode';
import { FrameError } from './errors';
import { Frame } from './frame';
import { toFrameJSON } from './frame-json';

const ascii = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** The file's schema and first batch, read without apache-arrow's merge-by-name Table schema. */
function read(bytes: Uint8Array) {
  const reader = RecordBatchReader.from(bytes).open();
  const schema = reader.schema;
  const batch = [...reader][0]!;
  return { schema, column: (i: number) => batch.data.children[i]! };
}

describe('encodeFrame', () => {
  const frame = () =>
    new Frame({
      name: 'rows',
      refId: 'A',
      fields: [
        { name: 'time', type: 'time', values: [0, 1000] },
        { name: 'value', type: 'float64', values: [1.5, null], nullable: true, labels: { b: '2', a: '1' } },
        { name: 'value', type: 'string', values: ['x', 'y'], config: { unit: 'short' } },
        { name: 'state', type: 'enum', values: [0, 1], config: { type: { enum: { text: ['ok', 'bad'] } } } },
        { name: 'doc', type: 'json', values: [{ a: 1 }, [1]] },
      ],
    });

  it('writes an Arrow IPC file (ARROW1 magic at both ends), not a stream', () => {
    const bytes = encodeFrame(frame());
    expect(ascii(bytes.subarray(0, 6))).toBe('ARROW1');
    expect(ascii(bytes.subarray(bytes.length - 6))).toBe('ARROW1');
  });

  it('writes schema and field metadata with the keys the Go SDK uses', () => {
    const t = read(encodeFrame(frame()));
    expect([...t.schema.metadata]).toEqual([
      ['name', 'rows'],
      ['refId', 'A'],
    ]);
    const md = t.schema.fields.map((f) => Object.fromEntries(f.metadata));
    expect(md).toEqual([
      { tstype: 'time' },
      { labels: '{"a":"1","b":"2"}', tstype: 'number' },
      { config: '{"unit":"short"}', tstype: 'string' },
      { config: '{"type":{"enum":{"text":["ok","bad"]}}}', tstype: 'enum' },
      { tstype: 'other' },
    ]);
  });

  it('writes meta JSON only when the frame has meta', () => {
    const f = frame();
    f.meta = { executedQueryString: 'SELECT 1' };
    const t = read(encodeFrame(f));
    expect(t.schema.metadata.get('meta')).toBe('{"typeVersion":[0,0],"executedQueryString":"SELECT 1"}');
  });

  it('uses the Arrow types Grafana reads: ns timestamps, plain Utf8, Binary JSON, Uint16 enums', () => {
    const t = read(encodeFrame(frame()));
    const [time, value, label, state, doc] = t.schema.fields;
    expect(time!.type.typeId).toBe(Type.Timestamp);
    expect((time!.type as unknown as { unit: number; timezone: unknown }).unit).toBe(TimeUnit.NANOSECOND);
    expect((time!.type as unknown as { timezone: unknown }).timezone ?? null).toBeNull();
    expect(value!.type.typeId).toBe(Type.Float);
    expect(label!.type.typeId).toBe(Type.Utf8);
    expect(state!.type.typeId).toBe(Type.Int);
    expect(String(state!.type)).toBe('Uint16');
    expect(doc!.type.typeId).toBe(Type.Binary);
    expect(t.schema.fields.map((f) => f.nullable)).toEqual([false, true, false, false, false]);
  });

  it('marks nulls in the validity bitmap', () => {
    const t = read(encodeFrame(frame()));
    const col = t.column(1);
    expect(col.nullCount).toBe(1);
    expect(col.getValid(0)).toBe(true);
    expect(col.getValid(1)).toBe(false);
  });

  it('keeps duplicate field names with different types and metadata apart', () => {
    const f = new Frame({
      fields: [
        { name: 'value', type: 'float64', values: [1] },
        { name: 'value', type: 'string', values: ['a'], labels: { host: 'x' }, config: { unit: 'short' } },
      ],
    });
    const back = decodeFrame(encodeFrame(f));
    expect(back.fields.map((x) => [x.name, x.type, x.values, x.labels, x.config])).toEqual([
      ['value', 'float64', [1], undefined, undefined],
      ['value', 'string', ['a'], { host: 'x' }, { unit: 'short' }],
    ]);
  });

  it('round-trips non-ASCII, long and empty strings', () => {
    const long = 'x'.repeat(100) + '❤️';
    const values = ['Grafana ❤️', '', '🦥', long, 'plain', 'é'.repeat(70), null];
    const f = new Frame({ fields: [{ name: 's', type: 'string', nullable: true, values }] });
    expect(decodeFrame(encodeFrame(f)).fields[0]!.values).toEqual(values);
  });

  it('round-trips every value of a frame built with the builder', () => {
    const f = frame();
    expect(toFrameJSON(decodeFrame(encodeFrame(f)))).toEqual(toFrameJSON(f));
  });

  it('encodes frames without fields and fields without rows', () => {
    expect(decodeFrame(encodeFrame(new Frame({ name: 'empty' }))).name).toBe('empty');
    const zero = decodeFrame(encodeFrame(new Frame({ fields: [{ name: 'a', type: 'string' }] })));
    expect(zero.rowCount).toBe(0);
    expect(zero.fields[0]!.type).toBe('string');
  });

  it('encodes typed-array fields directly', () => {
    const f = new Frame({
      fields: [
        { name: 't', type: 'time', values: new BigInt64Array([1_000_000n, 2_500_000n]) },
        { name: 'v', type: 'float64', values: new Float64Array([0.5, NaN]) },
      ],
    });
    const back = decodeFrame(encodeFrame(f));
    expect(back.fields[0]!.values).toEqual([1_000_000n, 2_500_000n]);
    expect(back.fields[1]!.values).toEqual([0.5, NaN]);
  });

  it('encodes wide frames with long names, labels and meta (metadata larger than one buffer)', () => {
    const types = ['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'] as const;
    const f = new Frame({
      name: 'w'.repeat(3000),
      meta: { executedQueryString: 'é'.repeat(2000) },
      fields: Array.from({ length: 120 }, (_, i) => ({
        name: `f${i}`,
        type: types[i % types.length]!,
        nullable: true,
        values: [i % 2 === 0 ? null : 1, 2, 3],
        labels: { host: `h${i}`.repeat(20) },
      })),
    });
    const bytes = encodeFrame(f);
    expect(toFrameJSON(decodeFrame(bytes))).toEqual(toFrameJSON(f));
    const t = read(bytes);
    expect(t.schema.fields.map((x) => x.type.typeId)).toEqual(f.fields.map(() => Type.Int));
    expect(t.column(119).values).toEqual(new BigUint64Array([1n, 2n, 3n]));
  });

  it('rejects fields of different lengths', () => {
    const f = new Frame({
      fields: [
        { name: 'a', type: 'int8', values: [1] },
        { name: 'b', type: 'int8' },
      ],
    });
    expect(() => encodeFrame(f)).toThrow(FrameError);
    expect(() => encodeFrame(f)).toThrow(/"a" has 1, "b" has 0 rows/);
  });

  it('checks values pushed after creation: normalises times, rejects nulls in non-nullable fields', () => {
    const f = new Frame({
      fields: [
        { name: 't', type: 'time', values: [] },
        { name: 'v', type: 'float64', values: [] },
      ],
    });
    f.fields[0]!.values.push(new Date(2000));
    f.fields[1]!.values.push(null);
    expect(() => encodeFrame(f)).toThrow(/field "v" \(float64\) is not nullable but row 0 is null/);
    f.fields[1]!.values[0] = 'x';
    expect(() => encodeFrame(f)).toThrow(/field "v" \(float64\) row 0: expected a number, got "x"/);
    f.fields[1]!.values[0] = 1;
    expect(decodeFrame(encodeFrame(f)).fields[0]!.values).toEqual([2_000_000_000n]);
  });
});
