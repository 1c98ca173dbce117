/**
 * Reads the kit's structured error from what Grafana gives the frontend: the zero-row frame whose
 * `meta.custom.dsforgeError` holds the payload (version 1), or — when there is none — the plain
 * `DataQueryError` (message + status).
 * @module
 */
import { categoryFromStatus, categoryLabel } from './categories';

/** An error ready to display. */
export interface DsforgeErrorInfo {
  /** Kit category, or `unknown` for an error without one. */
  category: string;
  /** Human label of the category. */
  label: string;
  message: string;
  suggestion?: string;
  retryable: boolean;
  retryAfterMs?: number;
  correlationId?: string;
  details?: Record<string, unknown>;
  status?: number;
  refId?: string;
  /** True when read from the kit's payload, false when inferred from a plain error. */
  structured: boolean;
}

type Meta = { custom?: Record<string, unknown> } | undefined;

/** The frame-ish shapes carrying meta: DataFrame (`meta`) and DataFrameJSON (`schema.meta`). */
function metaOf(frame: unknown): Meta {
  if (typeof frame !== 'object' || frame === null) return undefined;
  const f = frame as { meta?: Meta; schema?: { meta?: Meta } };
  return f.meta ?? f.schema?.meta;
}

function refIdOf(frame: unknown): string | undefined {
  const f = frame as { refId?: unknown; schema?: { refId?: unknown } };
  const r = f.refId ?? f.schema?.refId;
  return typeof r === 'string' && r !== '' ? r : undefined;
}

/** The payload of one frame as {@link DsforgeErrorInfo}, if it carries a valid version-1 payload. */
export function errorFromFrame(frame: unknown): DsforgeErrorInfo | undefined {
  const p = metaOf(frame)?.custom?.dsforgeError;
  if (typeof p !== 'object' || p === null) return undefined;
  const o = p as Record<string, unknown>;
  if (o.v !== 1 || typeof o.category !== 'string' || typeof o.message !== 'string') return undefined;
  return {
    category: o.category,
    label: categoryLabel(o.category),
    message: o.message,
    suggestion: typeof o.suggestion === 'string' && o.suggestion !== '' ? o.suggestion : undefined,
    retryable: o.retryable === true,
    retryAfterMs: typeof o.retryAfterMs === 'number' && o.retryAfterMs >= 0 ? o.retryAfterMs : undefined,
    correlationId: typeof o.correlationId === 'string' ? o.correlationId : undefined,
    details:
      typeof o.details === 'object' && o.details !== null
        ? (o.details as Record<string, unknown>)
        : undefined,
    refId: refIdOf(frame),
    structured: true,
  };
}

/** A plain `DataQueryError` (or anything with a message) as {@link DsforgeErrorInfo}. */
function errorFromPlain(e: unknown): DsforgeErrorInfo | undefined {
  if (typeof e === 'string') return plain(e);
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as {
    message?: unknown;
    status?: unknown;
    refId?: unknown;
    data?: { message?: unknown; error?: unknown };
  };
  const message = [o.message, o.data?.message, o.data?.error].find((m) => typeof m === 'string' && m !== '');
  if (typeof message !== 'string') return undefined;
  const status = typeof o.status === 'number' ? o.status : undefined;
  return plain(message, status, typeof o.refId === 'string' ? o.refId : undefined);
}

function plain(message: string, status?: number, refId?: string): DsforgeErrorInfo {
  const category = categoryFromStatus(status);
  return {
    category: category ?? 'unknown',
    label: category ? categoryLabel(category) : 'Query failed',
    message,
    retryable: false,
    status,
    refId,
    structured: false,
  };
}

/** Accepted inputs of {@link readDsforgeError}. */
export type DsforgeErrorSource =
  | ReadonlyArray<unknown>
  | { series?: unknown[]; data?: unknown; errors?: unknown[]; error?: unknown }
  | { message?: string; status?: number }
  | string
  | null
  | undefined;

/**
 * The error to show for a query result, preferring the kit's structured payload.
 *
 * Accepts frames (`DataFrame[]` or frame JSON), a `DataQueryError`, a list of them, or a
 * response/PanelData-like object (`series`/`data` frames plus `errors`/`error`). With `refId`,
 * only that query's frames and errors count. Returns undefined when there is no error.
 *
 * @example
 * const info = readDsforgeError(props.data, props.query.refId);
 * if (info) console.log(info.label, info.message, info.suggestion);
 */
export function readDsforgeError(source: DsforgeErrorSource, refId?: string): DsforgeErrorInfo | undefined {
  if (source === null || source === undefined) return undefined;
  const frames: unknown[] = [];
  const errors: unknown[] = [];
  if (typeof source === 'string') errors.push(source);
  else if (Array.isArray(source)) {
    for (const x of source) (metaOf(x) !== undefined || isFrameLike(x) ? frames : errors).push(x);
  } else if (typeof source === 'object') {
    const o = source as { series?: unknown; data?: unknown; errors?: unknown; error?: unknown };
    const list = Array.isArray(o.series) ? o.series : Array.isArray(o.data) ? o.data : [];
    frames.push(...list);
    if (Array.isArray(o.errors)) errors.push(...o.errors);
    if (o.error !== undefined) errors.push(o.error);
    if (!('series' in o) && !('data' in o && Array.isArray(o.data)) && !('errors' in o) && !('error' in o)) {
      errors.push(source);
    }
  }
  const wanted = (r: string | undefined) => refId === undefined || r === undefined || r === refId;
  for (const f of frames) {
    const info = errorFromFrame(f);
    if (info && wanted(info.refId)) {
      const status = errors.map(errorFromPlain).find((e) => e && wanted(e.refId))?.status;
      return status === undefined ? info : { ...info, status };
    }
  }
  for (const e of errors) {
    const info = errorFromPlain(e);
    if (info && wanted(info.refId)) return info;
  }
  return undefined;
}

function isFrameLike(x: unknown): boolean {
  return typeof x === 'object' && x !== null && ('fields' in x || 'schema' in x);
}
