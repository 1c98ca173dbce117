/**
 * Page sequences to one frame. Paginated APIs return the rows in pieces; inferring types page by
 * page would give a column `float64` on one page and `string` on the next, and a key that first
 * appears on page 3 would be missing from pages 1–2. So pages are joined *before* inference (raw
 * JSON pages) or unified field by field (pages already turned into frames).
 * @module
 */
import { Frame, type FieldInit, type FieldType, type Notice } from '@dsforge/backend';

import { columnsToFrame, rowLimitNotice, type ToFrameOptions } from './columns';
import { convertValue } from './infer';
import { rowsToColumns, type JsonToFrameOptions } from './json';
import { selectJsonPath } from './json-path';

/** Options for {@link pagesToFrame}: those of `jsonToFrame`, `root` applied to each page. */
export type PagesToFrameOptions = JsonToFrameOptions;

function isColumnar(v: unknown): v is Record<string, unknown[]> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const vals = Object.values(v);
  return vals.length > 0 && vals.every(Array.isArray);
}

/** The rows of one raw page: an array's elements, a columnar object's transposed rows, else the value. */
function pageRows(page: unknown, root: string | undefined): unknown[] {
  const v = selectJsonPath(page, root);
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  if (isColumnar(v)) {
    const keys = Object.keys(v);
    const n = Math.max(...keys.map((k) => v[k]!.length));
    return Array.from({ length: n }, (_, i) => Object.fromEntries(keys.map((k) => [k, v[k]![i]])));
  }
  return [v];
}

/**
 * Joins pages into one frame.
 *
 * - Raw pages (JSON values, e.g. from `collectPages`): `root` is applied to each page, their rows
 *   are concatenated in page order, then typed once like `jsonToFrame` — a key first seen on a
 *   later page becomes a column after the earlier ones, null (and nullable) on earlier rows.
 * - Frames: see {@link concatFrames}.
 * - No pages → a frame with no rows (declared `fields` still present).
 *
 * Throws like `jsonToFrame` (missing root, a value not fitting a declared type).
 *
 * @example
 * const { items } = await collectPages(paginateNextToken({ ... }));
 * const frame = pagesToFrame([items], { timeField: 'ts' });
 */
export function pagesToFrame(pages: readonly unknown[], opts: PagesToFrameOptions = {}): Frame {
  if (pages.length > 0 && pages.every((p) => p instanceof Frame)) return concatFrames(pages as Frame[], opts);
  const rows = pages.flatMap((p) => pageRows(p, opts.root));
  return columnsToFrame(rowsToColumns(rows, opts), rows.length, opts);
}

const NUMERIC = new Set<FieldType>([
  'int8',
  'int16',
  'int32',
  'uint8',
  'uint16',
  'uint32',
  'float32',
  'float64',
]);

/** The type a column takes when pages disagree: see {@link concatFrames}. */
function unify(types: FieldType[]): FieldType {
  const set = new Set(types);
  if (set.size === 1) return types[0]!;
  if ([...set].every((t) => NUMERIC.has(t))) return 'float64';
  if ([...set].every((t) => NUMERIC.has(t) || t === 'int64' || t === 'uint64'))
    return [...set].some((t) => t.startsWith('float')) ? 'float64' : 'int64';
  return set.has('json') ? 'json' : 'string';
}

/**
 * Concatenates frames row-wise. Fields match by name; the result has every field in first-seen
 * order (time first when the first frame's first field is time), missing fields are null (and
 * nullable). When frames disagree on a field's type: numeric types → `float64` (`int64` when all
 * are integers and one is 64-bit), anything with `json` → `json`, otherwise `string`. Labels and
 * config come from the first frame that has the field; notices from every frame, without
 * duplicates. `maxRows` cuts the result and adds the truncation notice.
 */
export function concatFrames(frames: readonly Frame[], opts: ToFrameOptions = {}): Frame {
  const order: string[] = [];
  const byName = new Map<string, { types: FieldType[]; first: Frame['fields'][number] }>();
  for (const f of frames)
    for (const field of f.fields) {
      const e = byName.get(field.name);
      if (e) e.types.push(field.type);
      else {
        byName.set(field.name, { types: [field.type], first: field });
        order.push(field.name);
      }
    }
  const total = frames.reduce((n, f) => n + f.rowCount, 0);
  const kept = opts.maxRows === undefined ? total : Math.min(total, opts.maxRows);
  const fields: FieldInit[] = order.map((name) => {
    const { types, first } = byName.get(name)!;
    const type = unify(types);
    const values: unknown[] = [];
    for (const f of frames) {
      const field = f.fields.find((x) => x.name === name);
      if (!field) values.push(...new Array<unknown>(f.rowCount).fill(null));
      else if (field.type === type) values.push(...field.values);
      else if (field.type === 'time')
        values.push(...field.values.map((v) => (v === null ? null : String(v))));
      else values.push(...field.values.map((v) => convertValue(v, type, { name })));
    }
    values.length = kept;
    const init: FieldInit = { name, type, values, nullable: values.some((v) => v === null) };
    if (first.labels) init.labels = first.labels;
    if (first.config) init.config = first.config;
    return init;
  });
  const notices: Notice[] = [];
  for (const f of frames)
    for (const n of f.meta?.notices ?? []) if (!notices.some((x) => x.text === n.text)) notices.push(n);
  if (kept < total) notices.push(rowLimitNotice(kept, total));
  const frame = new Frame({ name: opts.name ?? frames[0]?.name ?? '', fields });
  if (notices.length > 0) frame.meta = { notices };
  return frame;
}
