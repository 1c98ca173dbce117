import {
  Binary,
  Field as ArrowField,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  Uint16,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { decodeFrame } from './arrow-decode';
import { FrameError } from './errors';

function ipc(
  fields: ArrowField[],
  columns: ReturnType<typeof makeData>[][],
  schemaMd = new Map<string, string>(),
) {
  const schema = new Schema(fields, schemaMd);
  const batches = columns.map(
    (children) =>
      new RecordBatch(schema, makeData({ type: new Struct(fields), length: children[0]!.length, children })),
  );
  return new Table(schema, batches);
}

const utf8 = (strs: string[]) => {
  const bytes = Buffer.from(strs.join(''));
  const offsets = new Int32Array(strs.length + 1);
  strs.forEach((s, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(s)));
  return makeData({ type: new Utf8(), length: strs.length, valueOffsets: offsets, data: bytes });
};

describe('decodeFrame', () => {
  it('rejects the Arrow stream format, which Grafana cannot read', () => {
    const t = ipc([new ArrowField('s', new Utf8())], [[utf8(['a'])]]);
    expect(() => decodeFrame(tableToIPC(t, 'stream'))).toThrow(
      new FrameError('not an Arrow IPC file (expected the ARROW1 magic; Grafana reads only the file format)'),
    );
  });

  it('rejects dictionary-encoded strings, naming the field', () => {
    const v = vectorFromArray(['a', 'b']);
    const t = new Table({ label: v });
    expect(() => decodeFrame(tableToIPC(t, 'file'))).toThrow(
      /field "label" has Arrow type Dictionary.*which Grafana does not support/,
    );
  });

  it('concatenates record batches and reads fields without tstype metadata', () => {
    const t = ipc([new ArrowField('s', new Utf8())], [[utf8(['a', 'b'])], [utf8(['c'])]]);
    const frame = decodeFrame(tableToIPC(t, 'file'));
    expect(frame.name).toBe('');
    expect(frame.refId).toBe('');
    expect(frame.fields[0]!.values).toEqual(['a', 'b', 'c']);
  });

  it('reads Uint16 as enum only when tstype says enum', () => {
    const data = () => makeData({ type: new Uint16(), length: 1, data: new Uint16Array([3]) });
    const t = ipc(
      [
        new ArrowField('u', new Uint16()),
        new ArrowField('e', new Uint16(), false, new Map([['tstype', 'enum']])),
      ],
      [[data(), data()]],
    );
    expect(decodeFrame(tableToIPC(t, 'file')).fields.map((f) => [f.type, f.values])).toEqual([
      ['uint16', [3]],
      ['enum', [3]],
    ]);
  });

  it('converts millisecond timestamps by their unit', () => {
    const ts = makeData({ type: new TimestampMillisecond(), length: 1, data: new BigInt64Array([1500n]) });
    const t = ipc([new ArrowField('t', new TimestampMillisecond())], [[ts]]);
    expect(decodeFrame(tableToIPC(t, 'file')).fields[0]!.values).toEqual([1_500_000_000n]);
  });

  it('rejects meta that Grafana would fail to decode', () => {
    const fields = [new ArrowField('s', new Utf8())];
    const bad = ipc(
      fields,
      [[utf8(['a'])]],
      new Map([['meta', '{"notices":[{"severity":"fatal","text":"x"}]}']]),
    );
    expect(() => decodeFrame(tableToIPC(bad, 'file'))).toThrow(
      /severity must be "info", "warning" or "error"/,
    );
    const notJSON = ipc(fields, [[utf8(['a'])]], new Map([['meta', '{oops']]));
    expect(() => decodeFrame(tableToIPC(notJSON, 'file'))).toThrow(/frame "" meta is not valid JSON/);
  });

  it("reads an empty Binary value (Go's zero json.RawMessage) as JSON null", () => {
    const bin = makeData({
      type: new Binary(),
      length: 2,
      valueOffsets: new Int32Array([0, 0, 4]),
      data: Buffer.from('true'),
    });
    const t = ipc([new ArrowField('j', new Binary())], [[bin]]);
    expect(decodeFrame(tableToIPC(t, 'file')).fields[0]!.values).toEqual([null, true]);
  });

  it('rejects truncated bytes with a FrameError', () => {
    const t = ipc([new ArrowField('s', new Utf8())], [[utf8(['a'])]]);
    const bytes = tableToIPC(t, 'file');
    expect(() => decodeFrame(bytes.subarray(0, 40))).toThrow(FrameError);
  });
});
