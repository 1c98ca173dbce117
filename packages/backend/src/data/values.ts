import { I64_MAX, I64_MIN, toEpochNs } from './time';
import { INT_RANGES, nullError, valueError } from './value-errors';
import type { FieldType } from './field-type';

/** Typed arrays a field may be built from (see {@link typedArrayCtor} for which type takes which). */
export type TypedValues =
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

type TypedCtor = { new (n: number): TypedValues; readonly BYTES_PER_ELEMENT: number };

const CTORS: Partial<Record<FieldType, TypedCtor>> = {
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float32: Float32Array,
  float64: Float64Array,
  time: BigInt64Array, // epoch nanoseconds
  enum: Uint16Array,
};

/** The typed array class that holds a field type's Arrow values (undefined for string/bool/json). */
export function typedArrayCtor(type: FieldType): TypedCtor | undefined {
  return CTORS[type];
}

const U64_MAX = 2n ** 64n - 1n;

/**
 * Converts one non-null value to the stored form for `type`; returns `undefined` when it does not
 * fit (the caller builds the error so it can name the field and row).
 */
function convert(type: FieldType, v: unknown): unknown {
  switch (type) {
    case 'float32':
    case 'float64':
      return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
    case 'string':
      return typeof v === 'string' ? v : undefined;
    case 'bool':
      return typeof v === 'boolean' ? v : undefined;
    case 'json':
      return v;
    case 'time':
      return toEpochNs(v);
    case 'int64':
    case 'uint64': {
      const b =
        typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
      if (b === undefined) return undefined;
      return type === 'int64'
        ? b >= I64_MIN && b <= I64_MAX
          ? b
          : undefined
        : b >= 0n && b <= U64_MAX
          ? b
          : undefined;
    }
    default: {
      const [min, max] = INT_RANGES[type]!;
      const n = typeof v === 'bigint' ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
    }
  }
}

/**
 * Normalises a column to the stored form (see {@link FieldType}); `undefined` becomes `null`.
 * Returns the input array itself when nothing needed converting (no copy for already-normal data).
 * A `null` in a non-nullable field is an error, except for `json`, where `null` is a JSON value.
 */
export function normaliseValues(
  type: FieldType,
  values: readonly unknown[],
  nullable: boolean,
  fieldName: string,
): unknown[] {
  let out: unknown[] | undefined;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let c: unknown;
    if (v === null || v === undefined) {
      if (!nullable && type !== 'json') throw nullError(fieldName, type, i);
      c = null;
    } else {
      c = convert(type, v);
      if (c === undefined) throw valueError(fieldName, type, i, v);
    }
    if (out === undefined && !Object.is(c, v)) out = values.slice(0, i);
    if (out !== undefined) out.push(c);
  }
  return out ?? (values as unknown[]);
}

/** A fixed-width column: typed values plus an Arrow validity bitmap (1 = valid) when it has nulls. */
export interface TypedColumn {
  data: TypedValues;
  validity?: Uint8Array;
  nullCount: number;
}
