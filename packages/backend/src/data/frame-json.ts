import { goTypeName, tsTypeName } from './field-type';
import type { Frame } from './frame';
import type {
  FieldEntities,
  FieldSchemaJSON,
  FrameDataJSON,
  FrameJSON,
  FrameSchemaJSON,
} from './frame-json-types';
import { goFrameMeta, type FrameMeta } from './frame-meta';
import { stringifyJSONBig } from './json-bigint';
import { sortedLabels } from './labels';
import { LITTLE_ENDIAN, toEpochNs } from './time';
import type { TypedColumn } from './values';

const NS_PER_MS = 1_000_000n;

/**
 * Converts a frame to the Go SDK's frame JSON shape (what Grafana sends to the browser and what
 * streaming packets carry). `opts.schema` / `opts.data` (both default true) select the halves.
 * Floats NaN/±Inf become `null` plus `data.entities`; times become epoch ms plus `data.nanos`
 * for sub-ms remainders; float32 values are written as their shortest float32 decimal, as Go does.
 *
 * @throws FrameError when the fields have different lengths.
 */
export function toFrameJSON(frame: Frame, opts: { schema?: boolean; data?: boolean } = {}): FrameJSON {
  frame.validate();
  const out: FrameJSON = {};
  if (opts.schema !== false) out.schema = schemaJSON(frame);
  if (opts.data !== false) out.data = dataJSON(frame);
  return out;
}

// Keys are added in the Go SDK's order so stringified output reads like Go's.
function schemaJSON(frame: Frame): FrameSchemaJSON {
  const s = {} as FrameSchemaJSON;
  if (frame.name) s.name = frame.name;
  if (frame.refId) s.refId = frame.refId;
  if (frame.meta) s.meta = goFrameMeta(frame.meta) as FrameMeta;
  s.fields = frame.fields.map((f) => {
    const fj = {} as FieldSchemaJSON;
    if (f.name) fj.name = f.name;
    fj.type = tsTypeName(f.type);
    fj.typeInfo = f.nullable ? { frame: goTypeName(f.type), nullable: true } : { frame: goTypeName(f.type) };
    if (f.labels !== undefined) fj.labels = sortedLabels(f.labels);
    if (f.config !== undefined) fj.config = f.config;
    return fj;
  });
  return s;
}

function dataJSON(frame: Frame): FrameDataJSON {
  const values: unknown[][] = [];
  const entities: (FieldEntities | null)[] = [];
  const nanos: (number[] | null)[] = [];
  let anyEntities = false;
  let anyNanos = false;
  for (const f of frame.fields) {
    let col: unknown[];
    let ent: Required<FieldEntities> | null = null;
    let ns: number[] | null = null;
    if (f.type === 'time') {
      const typed = f.typedColumn();
      [col, ns] = typed && LITTLE_ENDIAN ? typedTimeJSON(typed) : timeJSON(f.values);
    } else if (f.type === 'float32' || f.type === 'float64') {
      const src = f.values;
      const f32 = f.type === 'float32';
      col = new Array(src.length);
      for (let i = 0; i < src.length; i++) {
        const v = src[i] as number | null;
        if (typeof v === 'number' && !Number.isFinite(v)) {
          ent ??= { NaN: [], Inf: [], NegInf: [] };
          ent[Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : 'NegInf'].push(i);
          col[i] = null;
        } else col[i] = f32 && typeof v === 'number' ? shortestFloat32(v) : (v ?? null);
      }
    } else if (f.nullable) {
      col = f.values.map((v) => v ?? null);
    } else {
      col = f.values.slice();
    }
    values.push(col);
    entities.push(ent && omitEmpty(ent));
    nanos.push(ns);
    anyEntities ||= ent !== null;
    anyNanos ||= ns !== null;
  }
  const data: FrameDataJSON = { values };
  if (anyEntities) data.entities = entities;
  if (anyNanos) data.nanos = nanos;
  return data;
}

/** Epoch ms (floored, as Go's `Time.UnixMilli`) and the nanosecond remainders, or null when all are 0. */
function timeJSON(src: unknown[]): [unknown[], number[] | null] {
  const col = new Array<unknown>(src.length);
  const rem = new Array<number>(src.length).fill(0);
  let any = false;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (v === null || v === undefined) {
      col[i] = null;
      continue;
    }
    const t = typeof v === 'bigint' ? v : toEpochNs(v)!;
    let ms = t / NS_PER_MS;
    let r = t % NS_PER_MS;
    if (r < 0n) {
      ms -= 1n;
      r += NS_PER_MS;
    }
    col[i] = Number(ms);
    if (r !== 0n) {
      rem[i] = Number(r);
      any = true;
    }
  }
  return [col, any ? rem : null];
}

/**
 * {@link timeJSON} straight from a BigInt64Array without a bigint per row: with ns = hi·2^32 + lo
 * and 2^32 = 4294·10^6 + 967296, ms = hi·4294 + floor((hi·967296 + lo) / 10^6), all exact doubles.
 */
function typedTimeJSON({ data, validity }: TypedColumn): [unknown[], number[] | null] {
  const n = data.length;
  const lo32 = new Uint32Array(data.buffer, data.byteOffset, n * 2);
  const hi32 = new Int32Array(data.buffer, data.byteOffset, n * 2);
  const col = new Array<unknown>(n);
  const rem = new Array<number>(n).fill(0);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (validity && !((validity[i >> 3]! >> (i & 7)) & 1)) {
      col[i] = null;
      continue;
    }
    const hi = hi32[2 * i + 1]!;
    const r = hi * 967296 + lo32[2 * i]!;
    const q = Math.floor(r / 1e6);
    col[i] = hi * 4294 + q;
    const ns = r - q * 1e6;
    if (ns !== 0) {
      rem[i] = ns;
      any = true;
    }
  }
  return [col, any ? rem : null];
}

/** Go's `omitempty` on the entity lists. */
function omitEmpty(ent: Required<FieldEntities>): FieldEntities {
  const out: FieldEntities = {};
  if (ent.NaN.length) out.NaN = ent.NaN;
  if (ent.Inf.length) out.Inf = ent.Inf;
  if (ent.NegInf.length) out.NegInf = ent.NegInf;
  return out;
}

/** The shortest decimal that reads back as the same float32 (Go's `strconv` float32 formatting). */
export function shortestFloat32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p < 10; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** Serialises frame JSON; int64/uint64 `bigint` values are written as exact integer literals. */
export function stringifyFrameJSON(json: FrameJSON): string {
  return stringifyJSONBig(json);
}
