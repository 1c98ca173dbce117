/**
 * JSON responses to typed frames. Picks the rows with a root path, recognises the common shapes
 * (array of objects, object of arrays, one object, array of arrays, scalars) and hands the columns
 * to the shared builder (types inferred, deterministic column order, row limit).
 * @module
 */
import type { Frame } from '@dsforge/backend';

import { columnsToFrame, fieldSpecs, type RawColumn, type ToFrameOptions } from './columns';
import { dataError } from './data-error';
import { selectJsonPath } from './json-path';

/** Options for {@link jsonToFrame}. */
export interface JsonToFrameOptions extends ToFrameOptions {
  /**
   * Where the rows are: a JSON path like `$.data.items` or a dot path `data.items`; see
   * {@link selectJsonPath}. Default: the whole value.
   */
  root?: string;
  /** Column name for scalar rows (`[1, 2, 3]` or a bare scalar). Default `"value"`. */
  valueField?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** Reads a dot path (`a.b.0`) inside one record. */
function getPath(row: unknown, path: string | number): unknown {
  if (typeof path === 'number') return Array.isArray(row) ? row[path] : undefined;
  let v: unknown = row;
  for (const part of path.split('.')) {
    if (Array.isArray(v) && /^\d+$/.test(part)) v = v[Number(part)];
    else if (isRecord(v) && Object.hasOwn(v, part)) v = v[part];
    else return undefined;
  }
  return v;
}

/**
 * Turns rows (objects, arrays or scalars) into raw columns: declared paths first, then every key
 * in first-seen order. A missing key is `undefined` → null (and the field nullable).
 */
export function rowsToColumns(rows: readonly unknown[], opts: JsonToFrameOptions = {}): RawColumn[] {
  const specs = fieldSpecs(opts.fields);
  const valueName = opts.valueField ?? 'value';
  const columns = new Map<string, unknown[]>();
  const column = (name: string) => {
    let c = columns.get(name);
    if (!c) columns.set(name, (c = new Array<unknown>(rows.length).fill(undefined)));
    return c;
  };
  for (const s of specs) column(s.name);
  const pathed = specs.filter((s) => s.path !== undefined);
  const pathedNames = new Set(pathed.map((s) => s.name));
  const pathedIndexes = new Set(pathed.map((s) => s.path).filter((p) => typeof p === 'number'));
  rows.forEach((row, i) => {
    for (const s of pathed) column(s.name)[i] = getPath(row, s.path!);
    if (isRecord(row)) {
      for (const k of Object.keys(row)) {
        // A declared field with a path takes its value from there, not from a same-named key.
        if (pathedNames.has(k)) continue;
        column(k)[i] = row[k];
      }
    } else if (Array.isArray(row)) {
      // Array rows (`[[t, v], ...]`): element j goes to the j-th declared field (when it has no
      // path of its own), else to a column named "j" — unless a declared path already reads it.
      row.forEach((v, j) => {
        if (pathedIndexes.has(j)) return;
        const byPos = specs[j];
        column(byPos && byPos.path === undefined ? byPos.name : String(j))[i] = v;
      });
    } else {
      column(valueName)[i] = row;
    }
  });
  return [...columns].map(([name, values]) => ({ name, values }));
}

/**
 * Builds a frame from a JSON value.
 *
 * Shapes, after `root` is applied:
 * - array of objects → one row per object, one column per key;
 * - array of arrays → one row per inner array, columns by position (named by `fields` in order,
 *   else `"0"`, `"1"`, ...);
 * - array of scalars → one column `valueField`;
 * - object whose values are all arrays of one length → columns (`{time: [...], value: [...]}`);
 *   arrays of different lengths throw a `bad_response` DsError naming them;
 * - any other object → one row; nested objects/arrays become `json` fields;
 * - a scalar → one row, one column `valueField`;
 * - `null`/`undefined` or `[]` → a frame with no rows (declared `fields` still present).
 *
 * Types are inferred per column (see `inferFieldType`) unless declared; column order is time
 * first, then declared fields, then first-seen order (see `columnsToFrame`). Throws a
 * `bad_response` DsError when the root path is missing or a value does not fit its declared type.
 *
 * @example
 * const frame = jsonToFrame(body, { root: '$.data.items', timeField: 'ts', name: 'items' });
 */
export function jsonToFrame(value: unknown, opts: JsonToFrameOptions = {}): Frame {
  const selected = selectJsonPath(value, opts.root);
  if (selected === null || selected === undefined) return columnsToFrame(rowsToColumns([], opts), 0, opts);
  if (Array.isArray(selected)) return columnsToFrame(rowsToColumns(selected, opts), selected.length, opts);
  if (isRecord(selected)) {
    const entries = Object.entries(selected);
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v))) {
      const lengths = new Set(entries.map(([, v]) => (v as unknown[]).length));
      if (lengths.size > 1)
        throw dataError(
          `The columns under ${JSON.stringify(opts.root ?? '$')} have different lengths (${entries
            .map(([k, v]) => `${k}: ${(v as unknown[]).length}`)
            .join(', ')}).`,
        );
      const rowCount = (entries[0]![1] as unknown[]).length;
      const specs = fieldSpecs(opts.fields);
      const declared = specs.map((s) => ({
        name: s.name,
        values: (selected[s.name] as unknown[] | undefined) ?? new Array<unknown>(rowCount).fill(null),
      }));
      const rest = entries
        .filter(([k]) => !specs.some((s) => s.name === k))
        .map(([name, values]) => ({ name, values: values as unknown[] }));
      return columnsToFrame([...declared, ...rest], rowCount, opts);
    }
  }
  return columnsToFrame(rowsToColumns([selected], opts), 1, opts);
}
