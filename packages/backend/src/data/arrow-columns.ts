/**
 * The Arrow type and body buffers of one field, straight from typed arrays: plain Utf8 (never
 * dictionary strings) and nanosecond timestamps, which is what Grafana reads.
 */
import type { IpcColumn, IpcType } from './arrow-ipc';
import type { Field } from './field';
import type { FieldType } from './field-type';
import { utf8Buffers } from './arrow-utf8';
import { toEpochNs } from './time';
import { nullError, valueError } from './value-errors';
import { typedArrayCtor, type TypedValues } from './values';

const INT = (bitWidth: 8 | 16 | 32 | 64, signed: boolean): IpcType => ({ id: 2, bitWidth, signed });
const TYPES: Record<FieldType, IpcType> = {
  int8: INT(8, true),
  int16: INT(16, true),
  int32: INT(32, true),
  int64: INT(64, true),
  uint8: INT(8, false),
  uint16: INT(16, false),
  enum: INT(16, false),
  uint32: INT(32, false),
  uint64: INT(64, false),
  float32: { id: 3, precision: 1 },
  float64: { id: 3, precision: 2 },
  string: { id: 5 }, // plain Utf8, never dictionary-encoded
  bool: { id: 6 },
  time: { id: 10, unit: 3 }, // nanoseconds, no time zone, as Go writes
  json: { id: 4 }, // Binary
};

/** The Arrow type Grafana's Go SDK uses for a field type. */
export function arrowTypeFor(type: FieldType): IpcType {
  return TYPES[type];
}

const NO_BYTES = new Uint8Array(0);

const bytesOf = (v: ArrayBufferView, byteLength: number): Uint8Array =>
  new Uint8Array(v.buffer, v.byteOffset, Math.min(byteLength, v.byteLength));

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

/** The body buffers of `field` (which must have `n` rows): validity, then the type's buffers. */
export function fieldToData(field: Field, n: number): IpcColumn {
  const bitmapBytes = (n + 7) >> 3;
  const typed = field.typedColumn();
  if (typed) {
    if (typed.nullCount > 0 && !field.nullable)
      throw nullError(field.name, field.type, firstNull(typed.validity!));
    const validity = typed.nullCount > 0 ? bytesOf(typed.validity!, bitmapBytes) : NO_BYTES;
    return {
      nullCount: typed.nullCount > 0 ? typed.nullCount : 0,
      buffers: [validity, bytesOf(typed.data, n * typed.data.BYTES_PER_ELEMENT)],
    };
  }
  const values = field.values;
  const validity = new Validity(field, n);
  let buffers: Uint8Array[];
  switch (field.type) {
    case 'string':
    case 'json': {
      const { valueOffsets, data } = utf8Buffers(field, values, n, validity);
      buffers = [bytesOf(valueOffsets, (n + 1) * 4), data];
      break;
    }
    case 'bool':
      buffers = [boolBits(field, values, n, validity)];
      break;
    default: {
      const data = numericBuffer(field, values, n, validity);
      buffers = [bytesOf(data, data.byteLength)];
    }
  }
  return {
    nullCount: validity.nullCount,
    buffers: [validity.bitmap ? bytesOf(validity.bitmap, bitmapBytes) : NO_BYTES, ...buffers],
  };
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
