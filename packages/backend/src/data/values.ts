import { FrameError } from './errors';
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

const INT_RANGES: Partial<Record<FieldType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  enum: [0, 65535],
};
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
const NS_PER_MS = 1_000_000n;

/** Converts a time value (Date, epoch-ms number, bigint epoch-ns) to bigint epoch nanoseconds. */
export function toEpochNs(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v >= I64_MIN && v <= I64_MAX ? v : undefined;
  const ms = v instanceof Date ? v.getTime() : v;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined;
  const whole = Math.floor(ms);
  const ns = BigInt(whole) * NS_PER_MS + (ms === whole ? 0n : BigInt(Math.round((ms - whole) * 1e6)));
  return ns >= I64_MIN && ns <= I64_MAX ? ns : undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return typeof v === 'object' ? Object.prototype.toString.call(v) : String(v);
}

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
      const b = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
      if (b === undefined) return undefined;
      return type === 'int64' ? (b >= I64_MIN && b <= I64_MAX ? b : undefined) : b >= 0n && b <= U64_MAX ? b : undefined;
    }
    default: {
      const [min, max] = INT_RANGES[type]!;
      const n = typeof v === 'bigint' ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
    }
  }
}

function expected(type: FieldType): string {
  switch (type) {
    case 'float32':
    case 'float64':
      return 'a number';
    case 'string':
      return 'a string';
    case 'bool':
      return 'a boolean';
    case 'time':
      return 'a Date, epoch milliseconds (number) or epoch nanoseconds (bigint)';
    case 'int64':
      return 'an integer (bigint or number) in the int64 range';
    case 'uint64':
      return 'an integer (bigint or number) in the uint64 range';
    default: {
      const [min, max] = INT_RANGES[type]!;
      return `an integer between ${min} and ${max}`;
    }
  }
}

/** The error for a null/undefined value in a non-nullable field. */
export function nullError(fieldName: string, type: FieldType, row: number): FrameError {
  return new FrameError(
    `field "${fieldName}" (${type}) is not nullable but row ${row} is null; create it with nullable: true or give every row a value`,
  );
}

/** The error for a value of the wrong kind. */
export function valueError(fieldName: string, type: FieldType, row: number, v: unknown): FrameError {
  return new FrameError(`field "${fieldName}" (${type}) row ${row}: expected ${expected(type)}, got ${describe(v)}`);
}

/**
 * Normalises a column to the stored form (see {@link FieldType}); `undefined` becomes `null`.
 * Returns the input array itself when nothing needed converting (no copy for already-normal data).
 * A `null` in a non-nullable field is an error, except for `json`, where `null` is a JSON value.
 */
export function normaliseValues(type: FieldType, values: readonly unknown[], nullable: boolean, fieldName: string): unknown[] {
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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_MS = 9223372036854; // largest |ms| whose nanoseconds fit in int64
const TWO32 = 4294967296;

/**
 * Converts a time column straight into a `BigInt64Array` of epoch nanoseconds. Integer epoch-ms
 * numbers and Dates are multiplied in 32-bit halves instead of allocating a `bigint` per row,
 * which is what makes building a 1M-row frame fast.
 */
export function timeColumn(values: readonly unknown[], nullable: boolean, fieldName: string): TypedColumn {
  const n = values.length;
  const data = new BigInt64Array(n);
  const lo32 = new Uint32Array(data.buffer);
  const hi32 = new Int32Array(data.buffer);
  let validity: Uint8Array | undefined;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const ms = typeof v === 'number' ? v : v instanceof Date ? v.getTime() : undefined;
    if (ms !== undefined && LITTLE_ENDIAN && Number.isInteger(ms) && ms <= MAX_MS && ms >= -MAX_MS) {
      const a = ms < 0 ? -ms : ms;
      const aHi = Math.floor(a / TWO32);
      const p = (a - aHi * TWO32) * 1e6; // < 2^52: exact
      let lo = p % TWO32;
      let hi = aHi * 1e6 + (p - lo) / TWO32;
      if (ms < 0) {
        // two's complement of (hi, lo)
        hi = lo === 0 ? -hi : -hi - 1;
        lo = lo === 0 ? 0 : TWO32 - lo;
      }
      lo32[2 * i] = lo;
      hi32[2 * i + 1] = hi;
    } else if (v === null || v === undefined) {
      if (!nullable) throw nullError(fieldName, 'time', i);
      validity ??= new Uint8Array((n + 7) >> 3).fill(0xff);
      validity[i >> 3]! &= ~(1 << (i & 7));
      nullCount++;
    } else {
      const ns = toEpochNs(v);
      if (ns === undefined) throw valueError(fieldName, 'time', i, v);
      data[i] = ns;
    }
  }
  return { data, validity, nullCount };
}
