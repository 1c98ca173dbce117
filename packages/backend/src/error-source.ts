/**
 * Error source: whether a failure is the plugin's fault (`plugin`) or the upstream system's
 * (`downstream`). Grafana uses it for SLOs and alert-state reasons; the Go SDK's default is
 * `plugin` (`experimental/status`).
 *
 * Minimal on purpose: the kit's rich `DsError` comes later and stays compatible because every
 * check here is by shape (`status`, `source`/`errorSource` props), not by class, so duplicate
 * copies of the package bundled into one plugin still agree.
 */

/** Who caused an error. */
export type ErrorSource = 'plugin' | 'downstream';

/** Per-query error response fields, as put into a DataResponse. */
export interface ErrorResponse {
  error: string;
  status: number;
  errorSource: ErrorSource;
}

/** An error that carries its source and HTTP status. */
export class PluginError extends Error {
  readonly source: ErrorSource;
  readonly status: number;

  constructor(message: string, opts: { source?: ErrorSource; status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'PluginError';
    this.source = opts.source ?? 'plugin';
    this.status = validStatus(opts.status) ?? 500;
  }
}

function validStatus(status: unknown): number | undefined {
  const n = typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : status;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function isSource(v: unknown): v is ErrorSource {
  return v === 'plugin' || v === 'downstream';
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (e !== null && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  try {
    return String(e);
  } catch {
    return 'unknown error';
  }
}

function make(
  source: ErrorSource,
  e: string | Error,
  status: number | undefined,
  fallback: number,
): PluginError {
  return new PluginError(messageOf(e), {
    source,
    status: status ?? statusOf(e) ?? fallback,
    cause: typeof e === 'string' ? undefined : e,
  });
}

/**
 * An error caused by the upstream system. Status: the argument, else the wrapped error's own
 * `status`, else 500 (the Go SDK's default for any error).
 */
export function downstreamError(e: string | Error, status?: number): PluginError {
  return make('downstream', e, status, 500);
}

/** An error caused by the plugin itself (default status 500). */
export function pluginError(e: string | Error, status?: number): PluginError {
  return make('plugin', e, status, 500);
}

/**
 * Statuses that mean the plugin built a bad request (wrong method, unacceptable headers, too
 * large a body, unimplemented feature): the Go SDK's `status.SourceFromHTTPStatus` list.
 */
const PLUGIN_FAULT_STATUSES = new Set([405, 406, 412, 413, 414, 416, 417, 426, 431, 501]);

/**
 * The source an upstream HTTP error status implies, matching the Go SDK
 * (`status.SourceFromHTTPStatus`): `plugin` for the statuses that mean the plugin sent a malformed
 * request, `downstream` for everything else (including 400, 401, 404, 429 and 5xx).
 */
export function errorSourceFromHttpStatus(status: number): ErrorSource {
  return PLUGIN_FAULT_STATUSES.has(status) ? 'plugin' : 'downstream';
}

function statusOf(e: unknown): number | undefined {
  if (e === null || typeof e !== 'object') return undefined;
  const o = e as { status?: unknown; statusCode?: unknown };
  return validStatus(o.status) ?? validStatus(o.statusCode);
}

/** True when `e` carries a valid error source (`source` or `errorSource`), by shape. */
export function isErrorWithSource(
  e: unknown,
): e is { message: string; source: ErrorSource; status?: number } {
  if (e === null || typeof e !== 'object') return false;
  const o = e as { source?: unknown; errorSource?: unknown };
  return isSource(o.source) || isSource(o.errorSource);
}

/** The error source an unknown thrown value declares, defaulting to `plugin`. */
export function errorSourceOf(e: unknown): ErrorSource {
  if (e === null || typeof e !== 'object') return 'plugin';
  const o = e as { source?: unknown; errorSource?: unknown };
  if (isSource(o.source)) return o.source;
  if (isSource(o.errorSource)) return o.errorSource;
  return 'plugin';
}

/**
 * Turns anything thrown into per-query error fields: the message (never the stack), the
 * error's own `status` (or `statusCode`) when valid else 500, and its `source`/`errorSource`
 * else `plugin`.
 */
export function toErrorResponse(e: unknown): ErrorResponse {
  const message = messageOf(e).trim() || 'unknown error';
  return { error: message, status: statusOf(e) ?? 500, errorSource: errorSourceOf(e) };
}
