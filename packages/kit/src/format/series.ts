/**
 * Long ↔ wide time series (Grafana data plane `timeseries-long` / `timeseries-wide`).
 *
 * - Long: one row per (time, series): `time | host | region | cpu | mem`.
 * - Wide: one row per time, one value field per (series, metric), the series identity in the
 *   field's labels: `time | cpu{host=a} | cpu{host=b} | mem{host=a} | ...`.
 *
 * Grafana graphs wide frames as separate series; long frames from SQL-like upstreams need the
 * conversion. Orders are deterministic (documented on each function), never hash order.
 * @module
 */
import { Frame, type Field, type FieldInit } from '@dsforge/backend';

import { dataError } from './data-error';

/** Options for {@link longToWide}. */
export interface LongToWideOptions {
  /** The time field. Default: the first field of type `time`. */
  timeField?: string;
  /** Fields that identify a series. Default: every `string` field. */
  labelFields?: string[];
  /** Fields holding values. Default: every numeric or bool field that is not a label. */
  valueFields?: string[];
  /** Frame name. Default: the input's name. */
  name?: string;
}

const VALUE_TYPES = new Set([
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
  'bool',
]);

function need(frame: Frame, name: string, role: string): Field {
  const f = frame.fields.find((x) => x.name === name);
  if (!f)
    throw dataError(
      `The ${role} "${name}" is not in the frame (fields: ${frame.fields.map((x) => x.name).join(', ') || 'none'}).`,
    );
  return f;
}

function timeOf(frame: Frame, name: string | undefined): Field {
  if (name !== undefined) return need(frame, name, 'time field');
  const f = frame.fields.find((x) => x.type === 'time');
  if (!f) throw dataError('The frame has no time field, so it cannot be read as a time series.');
  return f;
}

/**
 * Converts a long frame to a wide one.
 *
 * Output: the time field first, holding each distinct time once, ascending; then, for each value
 * field in `valueFields` order, one field per series in first-seen order (the order its label
 * combination first appears in the input rows), named like the value field and labelled with
 * that series' label values (a null label value is `""`). A (time, series) pair with no row is
 * null; when two rows share time and series, the later row wins. Null times are dropped.
 * Throws a `bad_response` DsError when a named field is missing or there is no time field.
 * The result's `meta.type` is `timeseries-wide`.
 */
export function longToWide(frame: Frame, opts: LongToWideOptions = {}): Frame {
  const time = timeOf(frame, opts.timeField);
  const labelFields = (
    opts.labelFields ?? frame.fields.filter((f) => f.type === 'string').map((f) => f.name)
  ).map((n) => need(frame, n, 'label field'));
  const labelNames = new Set(labelFields.map((f) => f.name));
  const valueFields = (
    opts.valueFields ??
    frame.fields
      .filter((f) => f !== time && !labelNames.has(f.name) && VALUE_TYPES.has(f.type))
      .map((f) => f.name)
  ).map((n) => need(frame, n, 'value field'));

  const times = [...new Set(time.values.filter((t): t is bigint => t !== null) as bigint[])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const rowOfTime = new Map(times.map((t, i) => [t, i]));
  const series = new Map<string, { labels: Record<string, string>; cols: unknown[][] }>();
  for (let r = 0; r < frame.rowCount; r++) {
    const t = time.values[r] as bigint | null;
    if (t === null) continue;
    const labels: Record<string, string> = {};
    for (const lf of labelFields) {
      const v = lf.values[r];
      labels[lf.name] = v === null || v === undefined ? '' : String(v);
    }
    const key = JSON.stringify(labelFields.map((lf) => labels[lf.name]));
    let s = series.get(key);
    if (!s) {
      s = { labels, cols: valueFields.map(() => new Array<unknown>(times.length).fill(null)) };
      series.set(key, s);
    }
    const row = rowOfTime.get(t)!;
    valueFields.forEach((vf, j) => {
      s.cols[j]![row] = vf.values[r];
    });
  }
  const fields: FieldInit[] = [{ name: time.name, type: 'time', values: times, config: time.config }];
  valueFields.forEach((vf, j) => {
    for (const s of series.values()) {
      const values = s.cols[j]!;
      fields.push({
        name: vf.name,
        type: vf.type,
        values,
        nullable: values.some((v) => v === null),
        labels: { ...vf.labels, ...s.labels },
        config: vf.config,
      });
    }
  });
  return new Frame({
    name: opts.name ?? frame.name,
    refId: frame.refId,
    meta: { ...frame.meta, type: 'timeseries-wide', typeVersion: [0, 1] },
    fields,
  });
}

/** Options for {@link wideToLong}. */
export interface WideToLongOptions {
  /** The time field. Default: the first field of type `time`. */
  timeField?: string;
  /** Frame name. Default: the input's name. */
  name?: string;
}

/**
 * Converts a wide frame to a long one.
 *
 * Output fields: time first; then one string field per label key, keys in first-seen order
 * (walking the value fields left to right); then one field per distinct value-field name in
 * first-seen order. Rows: for each time (ascending), one row per series (a distinct label set) in
 * first-seen order. A series without some value field has null there. Value fields with no
 * labels form the series whose label columns are `""`. Fields of the same name must share a
 * type, or a `bad_response` DsError is thrown. The result's `meta.type` is `timeseries-long`.
 */
export function wideToLong(frame: Frame, opts: WideToLongOptions = {}): Frame {
  const time = timeOf(frame, opts.timeField);
  const valueFields = frame.fields.filter((f) => f !== time);
  const labelKeys: string[] = [];
  const valueNames: string[] = [];
  const valueType = new Map<string, Field['type']>();
  const series = new Map<string, { labels: Record<string, string>; byName: Map<string, Field> }>();
  for (const f of valueFields) {
    const labels = f.labels ?? {};
    for (const k of Object.keys(labels)) if (!labelKeys.includes(k)) labelKeys.push(k);
    if (!valueType.has(f.name)) {
      valueNames.push(f.name);
      valueType.set(f.name, f.type);
    } else if (valueType.get(f.name) !== f.type)
      throw dataError(
        `The fields named "${f.name}" have different types (${valueType.get(f.name)} and ${f.type}).`,
      );
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let s = series.get(key);
    if (!s) series.set(key, (s = { labels, byName: new Map() }));
    s.byName.set(f.name, f);
  }
  const order = [...Array(frame.rowCount).keys()].filter((r) => time.values[r] !== null);
  order.sort((a, b) => {
    const x = time.values[a] as bigint;
    const y = time.values[b] as bigint;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const cols = {
    time: [] as unknown[],
    labels: labelKeys.map(() => [] as unknown[]),
    values: valueNames.map(() => [] as unknown[]),
  };
  for (const r of order)
    for (const s of series.values()) {
      cols.time.push(time.values[r]);
      labelKeys.forEach((k, j) => cols.labels[j]!.push(s.labels[k] ?? ''));
      valueNames.forEach((n, j) => cols.values[j]!.push(s.byName.get(n)?.values[r] ?? null));
    }
  const fields: FieldInit[] = [
    { name: time.name, type: 'time', values: cols.time, config: time.config },
    ...labelKeys.map((k, j): FieldInit => ({ name: k, type: 'string', values: cols.labels[j]! })),
    ...valueNames.map((n, j): FieldInit => ({
      name: n,
      type: valueType.get(n)!,
      values: cols.values[j]!,
      nullable: cols.values[j]!.some((v) => v === null),
    })),
  ];
  return new Frame({
    name: opts.name ?? frame.name,
    refId: frame.refId,
    meta: { ...frame.meta, type: 'timeseries-long', typeVersion: [0, 1] },
    fields,
  });
}
