/**
 * Builds a typed frame from named columns of raw values: the shared back end of
 * {@link jsonToFrame}, {@link csvToFrame} and {@link pagesToFrame}. It owns the column order
 * rule and the row limit.
 *
 * Column order (deterministic, never dependent on hashing):
 * 1. the time field — `timeField` when given, else the first column inferred as `time`;
 * 2. the declared `fields`, in declared order;
 * 3. every other column in first-seen order (the order keys first appear walking the rows;
 *    note JavaScript lists integer-like object keys such as `"10"` before other keys of the same
 *    object), unless `extraFields: 'drop'`.
 * @module
 */
import { Frame, type FieldInit, type FieldType, type Notice } from '@dsforge/backend';

import { dataError } from './data-error';
import { convertValues, inferFieldType } from './infer';
import type { EpochUnit } from './time-values';

/** An explicitly declared field: its name, and optionally its type and where its value comes from. */
export interface FieldSpec {
  /** Column name in the frame. */
  name: string;
  /** Field type; inferred when absent. Values are converted to it (throws when one does not fit). */
  type?: FieldType;
  /**
   * Where the value sits in each record: a dot path (`"host.name"`, `"tags.0"`); for array rows
   * (`[[t, v], ...]`) the element index. Default: the key `name`.
   */
  path?: string | number;
  /** Unit of epoch numbers for a time field. Default: guessed from magnitude. */
  unit?: EpochUnit;
  /** Labels for the field (wide time series). */
  labels?: Record<string, string>;
  /** Force nullable (it is also set whenever a value is missing). */
  nullable?: boolean;
}

/** Options shared by every `*ToFrame` function. */
export interface ToFrameOptions {
  /** Frame name. Default `""`. */
  name?: string;
  /** Explicit fields: types and order; see the module docs for how they mix with discovered ones. */
  fields?: (FieldSpec | string)[];
  /** Columns not in `fields`: `'append'` (default) after the declared ones, or `'drop'`. */
  extraFields?: 'append' | 'drop';
  /** The time field: forced to type `time` (numbers read as epoch) and placed first. */
  timeField?: string;
  /** Unit of epoch numbers in `timeField`. Default: guessed from magnitude. */
  timeUnit?: EpochUnit;
  /**
   * Keep at most this many rows. When rows are dropped the frame gets a warning notice saying
   * so. Default: no limit.
   */
  maxRows?: number;
}

/** A column of raw values under construction. */
export interface RawColumn {
  name: string;
  values: unknown[];
}

/** Normalises `fields` to specs. */
export function fieldSpecs(fields: ToFrameOptions['fields']): FieldSpec[] {
  return (fields ?? []).map((f) => (typeof f === 'string' ? { name: f } : f));
}

/** Notice for rows dropped by `maxRows`. */
export function rowLimitNotice(kept: number, total: number): Notice {
  return {
    severity: 'warning',
    text: `Result truncated: showing the first ${kept.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows (limit). Narrow the query to see all data.`,
  };
}

/**
 * Turns raw columns (all of the same length `rowCount`) into a frame: infers or converts types,
 * orders columns, applies `maxRows`. `text` marks CSV cells. Throws naming the field
 * when a value does not fit a declared type (a `bad_response` DsError).
 */
export function columnsToFrame(
  columns: RawColumn[],
  rowCount: number,
  opts: ToFrameOptions & { text?: boolean } = {},
): Frame {
  const specs = fieldSpecs(opts.fields);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const ordered: RawColumn[] = [];
  const used = new Set<string>();
  for (const s of specs) {
    ordered.push(byName.get(s.name) ?? { name: s.name, values: new Array<unknown>(rowCount).fill(null) });
    used.add(s.name);
  }
  if (opts.extraFields !== 'drop') for (const c of columns) if (!used.has(c.name)) ordered.push(c);
  if (opts.timeField !== undefined && !ordered.some((c) => c.name === opts.timeField)) {
    // No rows: an empty time column keeps the frame's shape. Rows without it: the setting is wrong.
    if (rowCount > 0)
      throw dataError(
        `The time field "${opts.timeField}" is not in the data (fields: ${ordered.map((c) => c.name).join(', ') || 'none'}).`,
      );
    ordered.unshift({ name: opts.timeField, values: [] });
  }

  const total = rowCount;
  let kept = rowCount;
  if (opts.maxRows !== undefined) {
    if (!Number.isInteger(opts.maxRows) || opts.maxRows < 0)
      throw new TypeError(`maxRows must be a non-negative integer (got ${opts.maxRows})`);
    kept = Math.min(rowCount, opts.maxRows);
  }
  const specOf = new Map(specs.map((s) => [s.name, s]));
  const fields: FieldInit[] = ordered.map((c) => {
    const spec = specOf.get(c.name);
    const values = kept < total ? c.values.slice(0, kept) : c.values;
    const isTime = c.name === opts.timeField;
    const unit = spec?.unit ?? (isTime ? opts.timeUnit : undefined);
    const common = { name: c.name, text: opts.text, epochUnit: unit };
    const declared: FieldType | undefined = spec?.type ?? (isTime ? 'time' : undefined);
    // Infer from every row (not just the kept ones) so the type does not depend on the limit.
    const inferred = inferFieldType(c.values, { ...common, epoch: isTime ? true : undefined });
    const type = declared ?? inferred.type;
    const epochUnit = unit ?? (type === 'time' ? inferred.epochUnit : undefined);
    const converted = convertValues(values, type, { ...common, epochUnit });
    const nullable =
      spec?.nullable === true ||
      (declared === undefined && inferred.nullable) ||
      converted.some((v) => v === null);
    const init: FieldInit = { name: c.name, type, values: converted, nullable };
    if (spec?.labels) init.labels = spec.labels;
    return init;
  });
  const timeIdx =
    opts.timeField !== undefined
      ? fields.findIndex((f) => f.name === opts.timeField)
      : fields.findIndex((f) => f.type === 'time');
  if (timeIdx > 0) fields.unshift(...fields.splice(timeIdx, 1));
  const frame = new Frame({ name: opts.name ?? '', fields });
  if (kept < total) frame.meta = { notices: [rowLimitNotice(kept, total)] };
  return frame;
}
