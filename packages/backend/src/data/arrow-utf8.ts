import { FrameError } from './errors';
import type { Field } from './field';
import { stringifyJSONBig } from './json-bigint';
import { valueError } from './value-errors';

/** Records a null at a row (and throws when the field is not nullable). */
export interface NullSink {
  setNull(i: number): void;
}

/**
 * Utf8/Binary buffers: Int32 offsets plus one byte buffer. Strings are copied char by char while
 * they are ASCII (the common case, and faster than `join` + `Buffer.from` or `TextEncoder` per
 * string); a non-ASCII or long string is written with `Buffer.write`.
 */
export function utf8Buffers(
  field: Field,
  values: unknown[],
  n: number,
  validity: NullSink,
): { valueOffsets: Int32Array; data: Uint8Array } {
  let strs: unknown[] = values;
  let chars = 0;
  if (field.type === 'json') {
    strs = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === undefined || (v === null && field.nullable)) validity.setNull(i);
      else chars += (strs[i] = stringifyJSONBig(v) as string).length;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (typeof v === 'string') chars += v.length;
      else if (v === null || v === undefined) validity.setNull(i);
      else throw valueError(field.name, field.type, i, v);
    }
  }
  return encodeUtf8(field, strs, n, chars);
}

function encodeUtf8(
  field: Field,
  strs: unknown[],
  n: number,
  chars: number,
): { valueOffsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(n + 1);
  let buf = Buffer.allocUnsafe(chars);
  let left = chars; // chars not yet written: room to reserve when growing
  let p = 0;
  const ensure = (need: number) => {
    if (need <= buf.length) return;
    checkSize(field, need);
    const next = Buffer.allocUnsafe(Math.max(need + left, Math.floor(buf.length * 1.5)));
    buf.copy(next, 0, 0, p);
    buf = next;
  };
  for (let i = 0; i < n; i++) {
    const s = strs[i];
    if (typeof s === 'string') {
      const len = s.length;
      left -= len;
      let k = 0;
      if (len <= 64) {
        ensure(p + len);
        for (; k < len; k++) {
          const c = s.charCodeAt(k);
          if (c > 127) break;
          buf[p + k] = c;
        }
      }
      if (k === len) p += len;
      else {
        const bytes = Buffer.byteLength(s, 'utf8');
        ensure(p + bytes);
        p += buf.write(s, p, bytes, 'utf8');
      }
    }
    offsets[i + 1] = p;
  }
  checkSize(field, p);
  return { valueOffsets: offsets, data: buf.subarray(0, p) };
}

function checkSize(field: Field, bytes: number): void {
  if (bytes > 0x7fffffff) {
    throw new FrameError(
      `field "${field.name}" holds ${bytes} bytes of text; Arrow Utf8/Binary columns are limited to 2 GiB, split the frame`,
    );
  }
}
