/**
 * The wire form of a DsError in a query answer: `DataResponse.error` is the user sentence,
 * `status` and `errorSource` are set, and one zero-row frame carries the structured payload in
 * `meta.custom.dsforgeError` (version 1) plus an `error` notice, so frontends and the Query
 * Inspector can show category, suggestion and correlation id.
 * @module
 */
import { Frame, type DataResponse, type Notice } from '@dsforge/backend';

import type { DsError } from './ds-error';

/** Version of the `meta.custom.dsforgeError` payload. */
export const DSFORGE_ERROR_VERSION = 1;

/** The key under `meta.custom` that holds the payload. */
export const DSFORGE_ERROR_KEY = 'dsforgeError';

/** The zero-row frame carrying the error payload and an error notice. */
export function errorFrame(error: DsError, refId?: string): Frame {
  const notice: Notice = { severity: 'error', text: error.userMessage };
  return new Frame({
    name: 'error',
    refId: refId ?? '',
    meta: { custom: { [DSFORGE_ERROR_KEY]: error.toJSON() }, notices: [notice] },
    fields: [],
  });
}

/** The DataResponse for a failed query. */
export function errorResponse(error: DsError, refId?: string): DataResponse {
  return {
    error: error.userMessage,
    status: error.status,
    errorSource: error.source,
    frames: [errorFrame(error, refId)],
  };
}

/**
 * Log fields for a DsError: category, status, source, correlation id, and the cause (the logger
 * redacts secret values). The caller logs once, at the outermost boundary.
 */
export function errorLogFields(error: DsError): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    category: error.category,
    status: error.status,
    errorSource: error.source,
    error: error.message,
  };
  if (error.correlationId) fields.correlationId = error.correlationId;
  if (error.retryAfterMs !== undefined) fields.retryAfterMs = error.retryAfterMs;
  if (error.cause !== undefined) fields.cause = describeCause(error.cause);
  return fields;
}

/** The cause chain as text (`name: message` per level, plus the innermost stack), for the log. */
export function describeCause(cause: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let cur: unknown = cause;
  let stack: string | undefined;
  while (cur !== undefined && cur !== null && !seen.has(cur) && parts.length < 8) {
    seen.add(cur);
    if (cur instanceof Error || (typeof cur === 'object' && 'message' in cur)) {
      const o = cur as {
        name?: unknown;
        message?: unknown;
        code?: unknown;
        stack?: unknown;
        cause?: unknown;
      };
      const code = typeof o.code === 'string' ? ` [${o.code}]` : '';
      parts.push(`${String(o.name ?? 'Error')}${code}: ${String(o.message)}`);
      if (typeof o.stack === 'string') stack = o.stack;
      cur = o.cause;
    } else {
      parts.push(typeof cur === 'string' ? cur : safeString(cur));
      break;
    }
  }
  const text = parts.join(' <- ');
  return stack ? `${text}\n${stack}` : text;
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
