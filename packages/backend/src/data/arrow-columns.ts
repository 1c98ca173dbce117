/**
 * Builds Arrow `Data` for one field straight from typed arrays (`makeData`), never via
 * `vectorFromArray`, whose defaults (dictionary strings, millisecond timestamps) Grafana misreads.
 */
import {
  Binary,
  Bool,
  type Data,
  type DataType,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  TimestampNanosecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  makeData,
} from 'apache-arrow';
import type { Field } from './field';
import type { FieldType } from './field-type';
import { utf8Buffers } from './arrow-utf8';
import { toEpochNs } from './time';
import { nullError, valueError } from './value-errors';
import { typedArrayCtor, type TypedValues } from './values';

/** The Arrow type Grafana's Go SDK uses for a field type. */
export function arrowTypeFor(type: FieldType): DataType {
  switch (type) {
    case 'int8':
      return new Int8();
    case 'int16':
      return new Int16();
    case 'int32':
      return new Int32();
    case 'int64':
      return new Int64();
    case 'uint8':
      return new Uint8();
    case 'uint16':
    case 'enum':
      return new Uint16();
    case 'uint32':
      return new Uint32();
    case 'uint64':
      return new Uint64();
    case 'float32':
      return new Float32();
    case 'float64':
      return new Float64();
    case 'string':
      return new Utf8();
    case 'bool':
      return new Bool();
    case 'time':
      return new TimestampNanosecond(); // no time zone, as Go writes
    case 'json':
      return new Binary();
  }
}

function firstNull(validity: Uint8Array): number {
  let i = 0;
  while ((validity[i >> 3]! >> (i & 7)) & 1) i++;
  return i;
}

/** Collects nulls: a validity bitmap (1 = valid) allocated on the first null only. */
class Validity {
  bitmap: Uint8Array | undefined;
  nullCount = 0;
  constructor(
    private readonly field: Field,
    private readonly n: number,
  ) {}

  setNull(i: number): void {
    if (!this.field.nullable) throw nullError(this.field.name, this.field.type, i);
    if (!this.bitmap) this.bitmap = new Uint8Array((this.n + 7) >> 3).fill(0xff);
    this.bitmap[i >> 3]! &= ~(1 << (i & 7));
    this.nullCount++;
  }
}

/** Builds the Arrow `Data` for `field` (which must have `n` rows). */
export function fieldToData(field: Field, n: number): Data {
  const type = arrowTypeFor(field.type);
  const typed = field.typedColumn();
  if (typed) {
    if (typed.nullCount > 0 && !field.nullable)
      throw nullError(field.name, field.type, firstNull(typed.validity!));
    const nullBitmap = typed.nullCount > 0 ? typed.validity : undefined;
    return makeData({
      type,
      length: n,
      nullCount: nullBitmap ? typed.nullCount : 0,
      nullBitmap,
      data: typed.data,
    } as never);
  }
  const values = field.values;
  const validity = new Validity(field, n);
  let props: Record<string, unknown>;
  switch (field.type) {
    case 'string':
    case 'json':
      props = utf8Buffers(field, values, n, validity);
      break;
    case 'bool':
      props = { data: boolBits(field, values, n, validity) };
      break;
    default:
      props = { data: numericBuffer(field, values, n, validity) };
  }
  return makeData({
    type,
    length: n,
    nullCount: validity.nullCount,
    nullBitmap: validity.bitmap,
    ...props,
  } as never);
}

function numericBuffer(field: Field, values: unknown[], n: number, validity: Validity): TypedValues {
  const out = new (typedArrayCtor(field.type)!)(n);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    const isTime = field.type === 'time';
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === 'bigint') out[i] = v;
      else if (v === null || v === undefined) validity.setNull(i);
      else {
        // Values pushed after creation may not be normalised yet.
        const b = isTime
          ? toEpochNs(v)
          : typeof v === 'number' && Number.isInteger(v)
            ? BigInt(v)
            : undefined;
        if (b === undefined) throw valueError(field.name, field.type, i, v);
        out[i] = b;
      }
    }
    return out;
  }
  const num = out as Float64Array;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v === 'number') num[i] = v;
    else if (v === null || v === undefined) validity.setNull(i);
    else throw valueError(field.name, field.type, i, v);
  }
  return out;
}

function boolBits(field: Field, values: unknown[], n: number, validity: Validity): Uint8Array {
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === true) bits[i >> 3]! |= 1 << (i & 7);
    else if (v === null || v === undefined) validity.setNull(i);
    else if (v !== false) throw valueError(field.name, field.type, i, v);
  }
  return bits;
}
