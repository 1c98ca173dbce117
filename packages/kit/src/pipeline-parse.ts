/**
 * Query validation for {@link createDatasource}: the datasource's `parseQuery` runs inside the
 * kit's query path (not as serve()'s own `parseQuery`), so a query that fails validation gets
 * the same answer as every other failure — an `invalid_query` DsError with a user sentence, the
 * `dsforgeError` wire frame and a correlation id that is also in the log line.
 * @module
 */
import type { DataQuery, RawQueryInfo } from '@dsforge/backend';

import { CATEGORY_INFO, DsError, dsError, isDsError } from './errors';

/** The datasource's query validator: returns the query model or throws. */
export type ParseQueryFn<Q> = (json: unknown, info: RawQueryInfo) => Q;

const MAX_REASON_CHARS = 300;

/** The suggestion of a validation failure that did not bring its own. */
export const INVALID_QUERY_SUGGESTION = 'Fix the query in the query editor, then run it again.';

function sentence(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  const cut = t.length > MAX_REASON_CHARS ? `${t.slice(0, MAX_REASON_CHARS - 1)}…` : t;
  return /[.!?…]$/.test(cut) ? cut : `${cut}.`;
}

/** Validation libraries (zod, valibot, ajv-style) list issues with a path; name the fields. */
function issuesOf(err: object): string | undefined {
  const issues =
    (err as { issues?: unknown; errors?: unknown }).issues ?? (err as { errors?: unknown }).errors;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const parts = issues.slice(0, 5).flatMap((i: unknown) => {
    if (i === null || typeof i !== 'object') return [];
    const { path, message, instancePath } = i as {
      path?: unknown;
      message?: unknown;
      instancePath?: unknown;
    };
    if (typeof message !== 'string') return [];
    const where = Array.isArray(path)
      ? path.map(String).join('.')
      : typeof instancePath === 'string'
        ? instancePath.replace(/^\//, '').replace(/\//g, '.')
        : '';
    return [where ? `"${where}": ${message}` : message];
  });
  if (parts.length === 0) return undefined;
  const more = issues.length > parts.length ? ` (and ${issues.length - parts.length} more)` : '';
  return parts.join('; ') + more;
}

/**
 * What a validator threw, as the query's error. A DsError keeps its own category and sentences
 * (the validator's author chose them). Anything else is `invalid_query`: the message names what
 * is wrong (the thrown message, or the fields a schema library lists) and the suggestion what to
 * do; the thrown value is kept as `cause` for the log only.
 */
export function queryValidationError(err: unknown): DsError {
  if (isDsError(err)) return DsError.from(err);
  let reason: string | undefined;
  if (err !== null && typeof err === 'object') {
    reason = issuesOf(err);
    const msg = (err as { message?: unknown }).message;
    if (!reason && typeof msg === 'string' && msg.trim() !== '') reason = msg;
  } else if (typeof err === 'string' && err.trim() !== '') {
    reason = err;
  }
  return dsError('invalid_query', {
    message: reason ? `The query is not valid: ${sentence(reason)}` : CATEGORY_INFO.invalid_query.message,
    suggestion: INVALID_QUERY_SUGGESTION,
    cause: err,
  });
}

/**
 * The query with its model from `parse(query.json, info)`. Throws the {@link queryValidationError}
 * of a failure (never the raw throw), so the caller can answer it as any other query error.
 */
export function parseDataQuery<Q>(parse: ParseQueryFn<Q>, query: DataQuery<unknown>): DataQuery<Q> {
  const { refId, queryType, maxDataPoints, intervalMs, timeRange } = query;
  try {
    return { ...query, query: parse(query.json, { refId, queryType, maxDataPoints, intervalMs, timeRange }) };
  } catch (err) {
    throw queryValidationError(err);
  }
}
