import { FrameError } from './errors';
import type { FieldType } from './field-type';

/** Inclusive ranges of the field types stored as JS numbers that must be integers. */
export const INT_RANGES: Partial<Record<FieldType, [number, number]>> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  enum: [0, 65535],
};

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return typeof v === 'object' ? Object.prototype.toString.call(v) : String(v);
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
  return new FrameError(
    `field "${fieldName}" (${type}) row ${row}: expected ${expected(type)}, got ${describe(v)}`,
  );
}
