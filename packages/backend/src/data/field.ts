import { FrameError } from './errors';
import { validateFieldConfig, type FieldConfig } from './field-config';
import { assertFieldType, type FieldType } from './field-type';
import { validateLabels } from './labels';
import { timeColumn } from './time';
import { normaliseValues, typedArrayCtor, type TypedColumn, type TypedValues } from './values';

/**
 * How to create a {@link Field}.
 *
 * `values` is a plain array, or — for speed with large columns — the typed array that matches the
 * type: `Float64Array` (float64), `Float32Array` (float32), `Int8/16/32Array`, `Uint8/16/32Array`
 * (uint16 and enum), `BigInt64Array` (int64, and time as epoch **nanoseconds**), `BigUint64Array`
 * (uint64). A typed array is used without copying and encoded directly.
 */
export interface FieldInit {
  name: string;
  type: FieldType;
  values?: readonly unknown[] | TypedValues;
  /** Whether rows may be null (Arrow `nullable`; frame JSON `typeInfo.nullable`). Default false. */
  nullable?: boolean;
  labels?: Record<string, string>;
  config?: FieldConfig;
}

/**
 * One column of a {@link Frame}. Values are normalised on creation:
 * - int64/uint64 → `bigint` (numbers that are integers are accepted);
 * - time → `bigint` epoch nanoseconds (accepts `Date`, epoch-ms `number`, `bigint` epoch-ns);
 * - int8..uint32, float32/64, enum (index) → `number`; string → `string`; bool → `boolean`;
 * - json → any JSON value (objects, arrays, strings, numbers, booleans, null);
 * - missing rows (`null`/`undefined`) → `null`, allowed only when `nullable` (json excepted).
 * Wrong values throw {@link FrameError} naming the field and row.
 */
export class Field {
  name: string;
  readonly type: FieldType;
  nullable: boolean;
  labels?: Record<string, string>;
  config?: FieldConfig;
  #values: unknown[] | undefined;
  // Either #values or #typed holds the rows; #typed is the fast path (typed array + validity).
  #typed: TypedColumn | undefined;

  constructor(init: FieldInit) {
    if (typeof init?.name !== 'string')
      throw new FrameError(`a field needs a string name (got ${JSON.stringify(init?.name)})`);
    assertFieldType(init.type, init.name);
    this.name = init.name;
    this.type = init.type;
    this.nullable = init.nullable === true;
    if (init.labels !== undefined) this.labels = validateLabels(init.labels, init.name);
    if (init.config !== undefined) {
      validateFieldConfig(init.config, init.name);
      this.config = init.config;
    }
    const values = init.values ?? [];
    const ctor = typedArrayCtor(this.type);
    if (ArrayBuffer.isView(values) && ctor && values instanceof ctor) {
      this.#typed = { data: values as TypedValues, nullCount: 0 };
      return;
    }
    const arr = ArrayBuffer.isView(values)
      ? Array.from(values as ArrayLike<unknown>)
      : (values as readonly unknown[]);
    if (!Array.isArray(arr))
      throw new FrameError(`field "${this.name}" values must be an array or a typed array`);
    if (this.type === 'time') this.#typed = timeColumn(arr, this.nullable, this.name);
    else this.#values = normaliseValues(this.type, arr, this.nullable, this.name);
  }

  /**
   * The column's values (normalised, see the class docs). A field created from a typed array
   * materialises a plain array on first access; pushing to this array adds rows.
   */
  get values(): unknown[] {
    if (this.#values === undefined) {
      const { data, validity } = this.#typed!;
      const out = Array.from(data as ArrayLike<unknown>);
      if (validity)
        for (let i = 0; i < out.length; i++) if (!((validity[i >> 3]! >> (i & 7)) & 1)) out[i] = null;
      this.#values = out;
      this.#typed = undefined;
    }
    return this.#values;
  }

  set values(v: unknown[]) {
    this.#values = normaliseValues(this.type, v, this.nullable, this.name);
    this.#typed = undefined;
  }

  /** Number of rows. */
  get length(): number {
    return this.#typed ? this.#typed.data.length : this.#values!.length;
  }

  /**
   * Internal fast path for the encoder: the typed column (values + validity bitmap) when the field
   * was built from a typed array or a time array and `values` has not been accessed since.
   */
  typedColumn(): TypedColumn | undefined {
    return this.#typed;
  }
}
