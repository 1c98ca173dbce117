import {
  type Data,
  type DataType,
  type Field as ArrowField,
  RecordBatchReader,
  Type,
  TimeUnit,
  makeVector,
} from 'apache-arrow';
import { FrameError } from './errors';
import { Field } from './field';
import type { FieldConfig } from './field-config';
import type { FieldType } from './field-type';
import { Frame } from './frame';
import { validateFrameMeta, type FrameMeta } from './frame-meta';
import { parseJSONBig } from './json-bigint';
import { typedArrayCtor, type TypedValues } from './values';

const MAGIC = 'ARROW1';
const NS_PER_UNIT: Record<number, bigint> = {
  [TimeUnit.SECOND]: 1_000_000_000n,
  [TimeUnit.MILLISECOND]: 1_000_000n,
  [TimeUnit.MICROSECOND]: 1_000n,
  [TimeUnit.NANOSECOND]: 1n,
};

/**
 * Decodes an Arrow IPC **file** (as Grafana's Go SDK writes and reads frames) into a {@link Frame}.
 * Record batches are concatenated. Timestamps in other units than nanoseconds are converted by
 * their unit (the Go reader assumes nanoseconds; dsforge never writes other units).
 *
 * @throws FrameError for the stream format, Arrow types Grafana does not support (dictionaries,
 * LargeUtf8, lists, …), or metadata (`meta`, `labels`, `config`) that is not valid JSON of the
 * expected shape.
 */
export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.length < 12 || Buffer.from(bytes.buffer, bytes.byteOffset, 6).toString('latin1') !== MAGIC) {
    throw new FrameError(
      'not an Arrow IPC file (expected the ARROW1 magic; Grafana reads only the file format)',
    );
  }
  // Read with RecordBatchReader, not tableFromIPC: a Table takes its schema from the batches,
  // whose schema apache-arrow merges by field name (wrong for duplicate names). The reader's
  // schema is the file's own, and each batch's child Data is in file order.
  let schema;
  let batches;
  try {
    const reader = RecordBatchReader.from(bytes).open();
    schema = reader.schema;
    batches = [...reader];
  } catch (e) {
    throw new FrameError(`invalid Arrow IPC file: ${(e as Error).message}`, { cause: e });
  }
  const numRows = batches.reduce((n, b) => n + b.numRows, 0);
  const md = schema.metadata;
  const name = md.get('name') ?? '';
  const metaText = md.get('meta');
  let meta: FrameMeta | undefined;
  if (metaText !== undefined) {
    const m = parseMetaJSON(metaText, `frame "${name}" meta`);
    if (m !== null) {
      validateFrameMeta(m, name);
      meta = m;
    }
  }
  const fields = schema.fields.map((af, i) => {
    const chunks = batches.map((b) => b.data.children[i]!) as Data[];
    return decodeField(af, chunks, numRows);
  });
  return new Frame({ name, refId: md.get('refId') ?? '', meta, fields });
}

function parseMetaJSON(text: string, what: string): never | FrameMeta | null {
  try {
    return parseJSONBig(text) as FrameMeta | null;
  } catch (e) {
    throw new FrameError(`${what} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
}

function fieldTypeOf(af: ArrowField): FieldType {
  const t = af.type as DataType & { bitWidth?: number; isSigned?: boolean; precision?: number };
  switch (t.typeId) {
    case Type.Int: {
      const name = `${t.isSigned ? 'int' : 'uint'}${t.bitWidth}`;
      return name === 'uint16' && af.metadata.get('tstype') === 'enum' ? 'enum' : (name as FieldType);
    }
    case Type.Float:
      if (t.precision === 1) return 'float32';
      if (t.precision === 2) return 'float64';
      break;
    case Type.Utf8:
    case Type.Utf8View:
      return 'string';
    case Type.Bool:
      return 'bool';
    case Type.Timestamp:
      return 'time';
    case Type.Binary:
      return 'json';
  }
  throw new FrameError(
    `field "${af.name}" has Arrow type ${String(af.type)}, which Grafana does not support; use Utf8, Binary, Bool, Timestamp, Int8-64, Uint8-64, Float32/64`,
  );
}

function decodeField(af: ArrowField, chunks: Data[], n: number): Field {
  const type = fieldTypeOf(af);
  const labels = af.metadata.has('labels') ? (jsonMeta(af, 'labels') as Record<string, string>) : undefined;
  const config = af.metadata.has('config') ? (jsonMeta(af, 'config') as FieldConfig) : undefined;
  const base = {
    name: af.name,
    type,
    nullable: af.nullable,
    labels: labels ?? undefined,
    config: config ?? undefined,
  };
  const unit = (af.type as { unit?: number }).unit ?? TimeUnit.NANOSECOND;
  const hasNulls = af.nullable && chunks.some((c) => c.nullCount > 0);
  const ctor = typedArrayCtor(type);
  if (
    ctor &&
    !hasNulls &&
    (type !== 'time' || unit === TimeUnit.NANOSECOND) &&
    chunks.every((c) => c.typeId !== Type.Utf8View)
  ) {
    // Fast path: copy the fixed-width buffers; the field materialises plain values lazily.
    const out = new ctor(n) as TypedValues & { set(a: ArrayLike<unknown>, o: number): void };
    let pos = 0;
    for (const c of chunks) {
      out.set((c.values as TypedValues).subarray(0, c.length) as ArrayLike<unknown>, pos);
      pos += c.length;
    }
    return new Field({ ...base, values: out });
  }
  const values: unknown[] = [];
  for (const c of chunks) readChunk(af, type, c, unit, values);
  return new Field({ ...base, values });
}

function jsonMeta(af: ArrowField, key: string): unknown {
  try {
    return parseJSONBig(af.metadata.get(key)!);
  } catch (e) {
    throw new FrameError(`field "${af.name}" metadata "${key}" is not valid JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

function readChunk(af: ArrowField, type: FieldType, c: Data, unit: number, out: unknown[]): void {
  const bitmap = af.nullable && c.nullCount > 0 ? c.nullBitmap : undefined;
  const off = c.offset;
  const valid = (i: number) => !bitmap || ((bitmap[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1;
  const n = c.length;
  if (c.typeId === Type.Utf8View) {
    // Rare (Go accepts it, dsforge never writes it): let apache-arrow decode the views.
    const v = makeVector(c);
    for (let i = 0; i < n; i++) out.push(valid(i) ? v.get(i) : null);
    return;
  }
  switch (type) {
    case 'string':
    case 'json': {
      const offsets = c.valueOffsets as Int32Array;
      const bytes = c.values as Uint8Array;
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) {
        if (!valid(i)) {
          out.push(null);
          continue;
        }
        const s = buf.toString('utf8', offsets[i], offsets[i + 1]);
        out.push(type === 'string' ? s : parseCell(af, s, out.length));
      }
      return;
    }
    case 'bool': {
      const bits = c.values as Uint8Array;
      for (let i = 0; i < n; i++)
        out.push(valid(i) ? ((bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 1 : null);
      return;
    }
    case 'time': {
      const vals = c.values as BigInt64Array;
      const k = NS_PER_UNIT[unit] ?? 1n;
      for (let i = 0; i < n; i++) out.push(valid(i) ? vals[i]! * k : null);
      return;
    }
    default: {
      const vals = c.values as ArrayLike<unknown>;
      for (let i = 0; i < n; i++) out.push(valid(i) ? vals[i] : null);
    }
  }
}

function parseCell(af: ArrowField, text: string, row: number): unknown {
  if (text === '') return null; // Go's zero json.RawMessage: it marshals as null
  try {
    return parseJSONBig(text);
  } catch (e) {
    throw new FrameError(`field "${af.name}" row ${row} is not valid JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
