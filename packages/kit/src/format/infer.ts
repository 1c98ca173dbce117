/**
 * Field type inference: looks at a column's values (from JSON, or text cells from CSV) and picks
 * the frame field type, then converts the values to that type. The rules, in order:
 *
 * 1. `null`, `undefined` (and an empty cell in text mode) are missing: they make the field
 *    `nullable` and do not vote on the type. A column with no values at all is a nullable string.
 * 2. All booleans (text mode: `true`/`false`, any case) → `bool`.
 * 3. All numbers → epoch `time` when the field is a time field (configured, or named like one:
 *    see {@link isTimeName}) and every value is an integer or epoch seconds with a fraction; the
 *    unit comes from the option or the magnitude (see {@link guessEpochUnit}). Otherwise `int64`
 *    when some integer is beyond ±2^53 (a `bigint`, or in text mode a long digit string, kept
 *    exact), else `float64` (integers and floats alike: Grafana treats them the same and one
 *    type per column avoids an int/float split between pages).
 * 4. All ISO-8601 strings or `Date`s → `time` (date-only strings are UTC midnight).
 * 5. All objects/arrays → `json`.
 * 6. Anything mixed → `json` when some value is an object or array (a json field holds every
 *    JSON value, so nothing is lost), else `string`: numbers and booleans are written as text
 *    (text mode keeps the cell's original text), so `[1, "n/a"]` is `["1", "n/a"]`.
 * 7. Other strings → `string`.
 * @module
 */
import type { FieldType } from '@dsforge/backend';

import { dataError } from './data-error';
import { epochToNs, guessEpochUnit, isTimeName, parseIsoTime, type EpochUnit } from './time-values';

/** How to infer one column. */
export interface InferOptions {
  /** Field name; a time-like name turns integer columns into epoch times (rule 3). */
  name?: string;
  /** Values are CSV/text cells: numbers, booleans and empty cells are recognised in strings. */
  text?: boolean;
  /** Treat numbers as epoch times regardless of the name (true), or never (false). Default: by name. */
  epoch?: boolean;
  /** Unit of epoch numbers. Default: guessed from magnitude. */
  epochUnit?: EpochUnit;
}

/** The inferred type of a column. */
export interface InferredType {
  type: FieldType;
  nullable: boolean;
  /** For epoch-number time columns: the unit used. */
  epochUnit?: EpochUnit;
}

type Kind = 'null' | 'bool' | 'num' | 'big' | 'iso' | 'str' | 'json';

const INT_TEXT = /^[-+]?\d+$/;
const FLOAT_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

function kindOf(v: unknown, text: boolean): Kind {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isFinite(v) ? (Number.isSafeInteger(v) || !Number.isInteger(v) ? 'num' : 'big') : 'str';
    case 'bigint':
      return 'big';
    case 'string': {
      if (text) {
        if (v === '') return 'null';
        const t = v.trim();
        if (/^(true|false)$/i.test(t)) return 'bool';
        if (INT_TEXT.test(t)) return Number.isSafeInteger(Number(t)) ? 'num' : 'big';
        if (FLOAT_TEXT.test(t)) return 'num';
      }
      return parseIsoTime(v.trim()) !== undefined ? 'iso' : 'str';
    }
    case 'object':
      return v instanceof Date ? 'iso' : 'json';
    default:
      return 'str';
  }
}

function toNumber(v: unknown): number {
  return typeof v === 'string' ? Number(v.trim()) : Number(v);
}

/** Infers the field type of a column; see the module docs for the rules. Empty input → nullable string. */
export function inferFieldType(values: readonly unknown[], opts: InferOptions = {}): InferredType {
  const text = opts.text === true;
  const kinds = new Set<Kind>();
  let nullable = false;
  for (const v of values) {
    // Once the column holds a plain string it can only be a string (or json) column, whatever the
    // other strings look like: skip their number/time parsing (the costly part of inference).
    const k = typeof v === 'string' && v !== '' && kinds.has('str') ? 'str' : kindOf(v, text);
    if (k === 'null') nullable = true;
    else kinds.add(k);
  }
  if (kinds.size === 0) return { type: 'string', nullable: true };
  const only = (...ks: Kind[]) => [...kinds].every((k) => ks.includes(k));
  if (only('bool')) return { type: 'bool', nullable };
  if (only('num', 'big')) {
    const epoch = opts.epoch ?? isTimeName(opts.name ?? '');
    if (epoch) {
      let maxAbs = 0;
      for (const v of values) {
        if (kindOf(v, text) === 'null') continue;
        maxAbs = Math.max(maxAbs, Math.abs(toNumber(v)));
      }
      return { type: 'time', nullable, epochUnit: opts.epochUnit ?? guessEpochUnit(maxAbs) };
    }
    if (kinds.has('big')) {
      // Only keep int64 when every number is an integer; a float among huge ints means float64.
      const allInts = values.every((v) => {
        const k = kindOf(v, text);
        return k === 'null' || k === 'big' || Number.isInteger(toNumber(v));
      });
      if (allInts) return { type: 'int64', nullable };
    }
    return { type: 'float64', nullable };
  }
  if (only('iso')) return { type: 'time', nullable };
  if (only('json')) return { type: 'json', nullable };
  if (kinds.has('json')) return { type: 'json', nullable };
  return { type: 'string', nullable };
}

/**
 * Converts one raw value to what a field of `type` stores, or throws a `bad_response` DsError
 * naming the value, the field and the type. Missing values (and empty text cells) become `null`.
 */
export function convertValue(
  v: unknown,
  type: FieldType,
  opts: InferOptions & { epochUnit?: EpochUnit } = {},
): unknown {
  if (v === null || v === undefined) return null;
  const text = opts.text === true;
  // Empty CSV cells are missing values; whitespace-only cells too, except in string fields.
  if (text && typeof v === 'string' && (v === '' || (type !== 'string' && v.trim() === ''))) return null;
  // No `fail` closure per value: bundles keep function names (esbuild keepNames), so each closure
  // cost a defineProperty call, ~15 % of jsonToFrame's time.
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v, bigintSafe) : String(v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      return failValue(v, type, opts.name);
    case 'json':
      return typeof v === 'bigint' ? v.toString() : v;
    case 'time': {
      if (v instanceof Date)
        return Number.isNaN(v.getTime()) ? failValue(v, type, opts.name) : BigInt(v.getTime()) * 1_000_000n;
      if (typeof v === 'string') {
        const iso = parseIsoTime(v.trim());
        if (iso !== undefined) return iso;
        if (!FLOAT_TEXT.test(v.trim())) return failValue(v, type, opts.name);
      }
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') {
        const unit = opts.epochUnit ?? guessEpochUnit(Math.abs(toNumber(v)));
        return epochToNs(v, unit) ?? failValue(v, type, opts.name);
      }
      return failValue(v, type, opts.name);
    }
    case 'int64':
    case 'uint64':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      if (typeof v === 'string' && INT_TEXT.test(v.trim())) return BigInt(v.trim());
      return failValue(v, type, opts.name);
    default: {
      // every other numeric type (float*, int8..uint32)
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string' && FLOAT_TEXT.test(v.trim())) return Number(v.trim());
      return failValue(v, type, opts.name);
    }
  }
}

/** Converts a column to `type`; see {@link convertValue}. */
export function convertValues(
  values: readonly unknown[],
  type: FieldType,
  opts: InferOptions = {},
): unknown[] {
  return values.map((v) => convertValue(v, type, opts));
}

function failValue(v: unknown, type: FieldType, name: string | undefined): never {
  throw dataError(`The value ${describe(v)}${name ? ` in field "${name}"` : ''} cannot be read as ${type}.`, {
    field: name,
    type,
  });
}

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

function describe(v: unknown): string {
  const s =
    typeof v === 'string'
      ? JSON.stringify(v)
      : typeof v === 'bigint'
        ? `${v}`
        : JSON.stringify(v, bigintSafe);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
