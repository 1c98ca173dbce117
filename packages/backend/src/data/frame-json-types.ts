import type { FieldConfig } from './field-config';
import type { FrameMeta } from './frame-meta';

/** One field's schema in frame JSON (Go SDK `schemaField`). */
export interface FieldSchemaJSON {
  /** Omitted when the field name is empty. */
  name?: string;
  /** Simple type: number, string, boolean, time, other (json) or enum. */
  type?: string;
  /** `frame` is the Go type name: int8…uint64, float32, float64, string, bool, time.Time, json.RawMessage, enum. */
  typeInfo: { frame: string; nullable?: boolean };
  labels?: Record<string, string>;
  config?: FieldConfig;
}

/** The schema half of frame JSON. `name`/`refId` are omitted when empty, `meta` when unset. */
export interface FrameSchemaJSON {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: FieldSchemaJSON[];
}

/** Row indexes of float values that JSON cannot express; `values` holds `null` there. */
export interface FieldEntities {
  NaN?: number[];
  Inf?: number[];
  NegInf?: number[];
}

/**
 * The data half of frame JSON: column-major `values` (time as epoch ms numbers, int64/uint64 as
 * `bigint`, JSON fields inline). `entities` is present only when some float is NaN/±Inf, `nanos`
 * only when some time has sub-millisecond nanoseconds; each holds `null` for unaffected fields.
 */
export interface FrameDataJSON {
  values: unknown[][];
  entities?: (FieldEntities | null)[];
  nanos?: (number[] | null)[];
}

/** A frame as Grafana's Go SDK marshals it to JSON (`data.FrameToJSON`). */
export interface FrameJSON {
  schema?: FrameSchemaJSON;
  data?: FrameDataJSON;
}
