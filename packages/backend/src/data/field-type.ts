import { FrameError } from './errors';

/**
 * The value type of a field. Each maps to one Go SDK field type and one Arrow type:
 *
 * | FieldType | Arrow | frame JSON `type` / `typeInfo.frame` | JS value |
 * |---|---|---|---|
 * | int8, int16, int32 | Int8/16/32 | number / same | `number` |
 * | int64 | Int64 | number / int64 | `bigint` |
 * | uint8, uint16, uint32 | Uint8/16/32 | number / same | `number` |
 * | uint64 | Uint64 | number / uint64 | `bigint` |
 * | float32, float64 | Float32/64 | number / same | `number` (NaN, ±Infinity allowed) |
 * | string | Utf8 | string / string | `string` |
 * | bool | Bool | boolean / bool | `boolean` |
 * | time | Timestamp(ns) | time / time.Time | `bigint` epoch nanoseconds |
 * | json | Binary | other / json.RawMessage | any JSON value |
 * | enum | Uint16 (tstype enum) | enum / enum | `number` index into `config.type.enum.text` |
 */
export type FieldType =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | 'float64'
  | 'string'
  | 'bool'
  | 'time'
  | 'json'
  | 'enum';

/** Every supported {@link FieldType}, in a stable order. */
export const FIELD_TYPES: readonly FieldType[] = [
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'float32',
  'float64',
  'string',
  'bool',
  'time',
  'json',
  'enum',
];

const typeSet = new Set<string>(FIELD_TYPES);

/** True when `t` is a supported {@link FieldType} name. */
export function isFieldType(t: unknown): t is FieldType {
  return typeof t === 'string' && typeSet.has(t);
}

/** Throws a {@link FrameError} naming the field unless `t` is a supported type. */
export function assertFieldType(t: unknown, fieldName: string): asserts t is FieldType {
  if (!isFieldType(t)) {
    throw new FrameError(
      `field "${fieldName}" has unsupported type ${JSON.stringify(t)}; expected one of ${FIELD_TYPES.join(', ')}`,
    );
  }
}

/** Field types whose JS value is a `bigint` (64-bit integers and nanosecond times). */
export function isBigIntType(t: FieldType): t is 'int64' | 'uint64' | 'time' {
  return t === 'int64' || t === 'uint64' || t === 'time';
}

/** The Go SDK's frame JSON `typeInfo.frame` name (Go item type) for a field type. */
export function goTypeName(t: FieldType): string {
  switch (t) {
    case 'time':
      return 'time.Time';
    case 'json':
      return 'json.RawMessage';
    default:
      return t;
  }
}

/** Inverse of {@link goTypeName}; undefined for names dsforge does not support. */
export function fieldTypeFromGoName(name: string): FieldType | undefined {
  switch (name) {
    case 'time.Time':
      return 'time';
    case 'json.RawMessage':
      return 'json';
    default:
      return isFieldType(name) && name !== 'time' && name !== 'json' ? name : undefined;
  }
}

/** The TypeScript-side simple type Grafana uses: frame JSON `type` and Arrow field metadata `tstype`. */
export function tsTypeName(t: FieldType): 'number' | 'string' | 'boolean' | 'time' | 'other' | 'enum' {
  switch (t) {
    case 'string':
      return 'string';
    case 'bool':
      return 'boolean';
    case 'time':
      return 'time';
    case 'json':
      return 'other';
    case 'enum':
      return 'enum';
    default:
      return 'number';
  }
}
