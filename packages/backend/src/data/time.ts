import { nullError, valueError } from './value-errors';
import type { TypedColumn } from './values';

/** int64 bounds: Arrow timestamps are signed 64-bit nanoseconds. */
export const I64_MIN = -(2n ** 63n);
export const I64_MAX = 2n ** 63n - 1n;
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

export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
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
