import { FrameError } from './errors';
import { Field } from './field';
import { fieldTypeFromGoName, type FieldType } from './field-type';
import { Frame } from './frame';
import type { FieldEntities, FrameJSON } from './frame-json-types';
import { parseJSONBig } from './json-bigint';
import { toEpochNs } from './time';

const NS_PER_MS = 1_000_000n;

/**
 * Parses frame JSON text keeping 64-bit integers exact: int64/uint64 columns hold `bigint`,
 * other numeric columns `number`; integers beyond 2^53 inside JSON fields, meta or config stay
 * `bigint`.
 *
 * @throws FrameError when the text is not valid JSON or not an object.
 */
export function parseFrameJSON(text: string): FrameJSON {
  const json = parseJSONBig(text);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FrameError('frame JSON must be an object with "schema" and/or "data"');
  }
  const fj = json as FrameJSON;
  const fields = fj.schema?.fields;
  const cols = fj.data?.values;
  if (Array.isArray(fields) && Array.isArray(cols)) {
    fields.forEach((f, i) => {
      const t = fieldTypeFromGoName(f?.typeInfo?.frame);
      const col = cols[i];
      if (!t || t === 'json' || !Array.isArray(col)) return;
      const big = t === 'int64' || t === 'uint64';
      for (let r = 0; r < col.length; r++) {
        const v = col[r];
        if (big && typeof v === 'number' && Number.isInteger(v)) col[r] = BigInt(v);
        else if (!big && typeof v === 'bigint') col[r] = Number(v);
      }
    });
  }
  return fj;
}

/**
 * Builds a frame from frame JSON (inverse of {@link toFrameJSON}): entities restore NaN/±Inf,
 * nanos restore sub-millisecond times, `typeInfo.frame` picks the field type.
 *
 * @throws FrameError for a missing schema, an unsupported `typeInfo.frame`, a column count that
 * does not match the fields, or values that do not fit their field.
 */
export function fromFrameJSON(json: FrameJSON): Frame {
  const schema = json?.schema;
  if (!schema || !Array.isArray(schema.fields)) {
    throw new FrameError('frame JSON has no schema.fields; a frame needs its schema to be rebuilt');
  }
  const cols = json.data?.values ?? [];
  if (json.data && cols.length !== schema.fields.length) {
    throw new FrameError(
      `frame JSON has ${schema.fields.length} fields in its schema but ${cols.length} value columns`,
    );
  }
  const fields = schema.fields.map((fs, i) => {
    const name = fs.name ?? '';
    const type = fieldTypeFromGoName(fs.typeInfo?.frame);
    if (!type) {
      throw new FrameError(
        `field "${name}" has unsupported typeInfo.frame ${JSON.stringify(fs.typeInfo?.frame)}; expected int8…uint64, float32, float64, string, bool, time.Time, json.RawMessage or enum`,
      );
    }
    const col = cols[i] ?? [];
    if (!Array.isArray(col)) throw new FrameError(`field "${name}" data.values[${i}] must be an array`);
    const values = columnFromJSON(type, col, json.data?.entities?.[i] ?? null, json.data?.nanos?.[i] ?? null);
    return new Field({
      name,
      type,
      nullable: fs.typeInfo.nullable === true,
      labels: fs.labels,
      config: fs.config,
      values,
    });
  });
  return new Frame({ name: schema.name ?? '', refId: schema.refId ?? '', meta: schema.meta, fields });
}

function columnFromJSON(
  type: FieldType,
  col: unknown[],
  ent: FieldEntities | null,
  nanos: number[] | null,
): unknown[] {
  if (type === 'time') {
    return col.map((v, r) => {
      if (v === null || v === undefined) return null;
      const ns = typeof v === 'bigint' ? v * NS_PER_MS : toEpochNs(v);
      if (ns === undefined) return v; // let Field report the bad value with its row
      return nanos ? ns + BigInt(nanos[r] ?? 0) : ns;
    });
  }
  if ((type === 'float32' || type === 'float64') && ent) {
    const out = col.slice();
    for (const i of ent.NaN ?? []) out[i] = NaN;
    for (const i of ent.Inf ?? []) out[i] = Infinity;
    for (const i of ent.NegInf ?? []) out[i] = -Infinity;
    return out;
  }
  return col;
}
