/**
 * `categorizeErrors()`: the outermost query middleware. Whatever is thrown below becomes one
 * classified {@link DsError}, logged once with its correlation id and cause; an empty result
 * says so in an info notice, so "no data" never hides a failure.
 * @module
 */
import type { Frame, Notice } from '@dsforge/backend';

import { DsError, errorLogFields } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';

/** The info notice on a result without rows. */
export const NO_DATA_NOTICE: Notice = { severity: 'info', text: 'No data: the query returned no rows' };

/** True when a result has no frames or only frames without rows. */
export function isEmptyResult(frames: readonly Frame[]): boolean {
  return frames.every((f) => f.rowCount === 0);
}

const logged = new WeakSet<object>();

/**
 * Classifies `err` with the query's context (correlation id, signal) and logs it once: `debug`
 * for cancellations (nobody is waiting), `warn` for errors the user, the upstream or a limit
 * caused, `error` for plugin bugs (`internal`). Safe to call twice on the same error; the second call does not log.
 */
export function reportQueryError(
  err: unknown,
  ctx: Pick<QueryContext, 'correlationId' | 'signal' | 'logger'>,
  refId?: string,
): DsError {
  const e = DsError.from(err, { correlationId: ctx.correlationId, signal: ctx.signal });
  if (!logged.has(e)) {
    logged.add(e);
    const fields = { refId, ...errorLogFields(e) };
    if (e.category === 'cancelled') ctx.logger.debug('query cancelled', fields);
    else if (e.category === 'internal') ctx.logger.error('query failed', fields);
    else ctx.logger.warn('query failed', fields);
  }
  return e;
}

/**
 * Outermost query middleware: anything thrown below is classified ({@link DsError.from}),
 * stamped with the query's correlation id, logged once with its cause, and rethrown as the
 * DsError — the pipeline puts it on the wire as the query's error response (user sentence,
 * status, errorSource, the `dsforgeError` frame). A handler bug is `internal`, with the
 * correlation id in the message. A result without rows gets {@link NO_DATA_NOTICE}.
 */
export function categorizeErrors(): QueryMiddleware {
  return queryMiddleware('categorizeErrors', (next) => async (query, ctx) => {
    let result;
    try {
      result = await next(query, ctx);
    } catch (err) {
      throw reportQueryError(err, ctx, query.refId);
    }
    if (result === null || typeof result !== 'object' || !Array.isArray(result.frames)) {
      throw reportQueryError(
        new TypeError(
          `the query function returned ${result === null ? 'null' : typeof result}, not { frames }`,
        ),
        ctx,
        query.refId,
      );
    }
    if (!isEmptyResult(result.frames)) return result;
    const notices = result.notices ?? [];
    if (notices.some((n) => n.text === NO_DATA_NOTICE.text)) return result;
    return { ...result, notices: [...notices, NO_DATA_NOTICE] };
  });
}
