/**
 * Partial results: when some pages or sub-requests of a query fail or time out, the user gets
 * what succeeded plus a warning notice "Partial result — complete data unavailable: <why>",
 * rather than nothing.
 *
 * Two ways to use it from a query function:
 * - a collector, {@link collectPartial}: `attempt()` each sub-request, `result()` at the end;
 * - throwing a {@link PartialResultError} carrying the frames so far (e.g. a paginator stopped by
 *   the deadline); the {@link partialResults} middleware turns it into a result with the notice.
 *
 * Retries: the `retry` middleware never repeats a query that ended in a PartialResultError — that
 * would refetch every page that already succeeded, multiplying load on an upstream that is
 * already failing. Retry the failing part itself instead, with `retryCall(ctx, () => …)` around
 * the page or sub-request (same attempts, backoff, Retry-After, deadline and budget as the
 * query-level retry); when it still fails, the pages read so far are kept with the warning.
 * @module
 */
import type { Frame, Notice } from '@dsforge/backend';

import { DsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware, type QueryResult } from '../types';

/** The warning notice of a partial result. */
export function partialNotice(why: string): Notice {
  return { severity: 'warning', text: `Partial result — complete data unavailable: ${why}` };
}

/**
 * Thrown by a query function (or anything under it) to stop early and keep what it has. `reason`
 * is why the rest is missing; the timeout middleware replaces it with its own timeout error when
 * its deadline was the cause. Without frames it is a plain failure of `reason`. The `retry`
 * middleware never repeats a query that threw one (see the module comment).
 */
export class PartialResultError extends Error {
  override readonly name = 'PartialResultError';
  readonly frames: Frame[];
  reason: unknown;
  readonly notices: Notice[];

  constructor(frames: Frame[], reason: unknown, notices: Notice[] = []) {
    super('partial result', { cause: reason });
    this.frames = frames;
    this.reason = reason;
    this.notices = notices;
  }
}

/** A failed part of a query. */
export interface PartialFailure {
  /** What the part was (e.g. `page 3`, `region eu-west`), for the log. */
  what?: string;
  error: DsError;
}

/** Collects the parts of one query; see {@link collectPartial}. */
export interface PartialCollector {
  /** Frames that succeeded so far. */
  readonly frames: Frame[];
  /** Parts that failed so far. */
  readonly failures: readonly PartialFailure[];
  /** Adds frames that succeeded. */
  add(...frames: Frame[]): void;
  /** Records a failed part. */
  fail(error: unknown, what?: string): void;
  /**
   * Runs one part; on failure records it and resolves undefined. A cancellation by Grafana is
   * rethrown (nobody waits for the answer any more).
   */
  attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined>;
  /**
   * The query's result: the frames and, when a part failed, the partial-result warning. When
   * nothing succeeded it throws the first failure, since an empty "partial" result would read as
   * "no data".
   */
  result(notices?: Notice[]): QueryResult;
  /** An error to throw to stop early, keeping the frames so far. */
  stop(reason: unknown): PartialResultError;
}

/** Why the rest is missing, in one user sentence (first failure, plus how many more). */
export function partialWhy(failures: readonly { error: DsError }[]): string {
  const first = failures[0]?.error;
  if (!first) return 'some requests failed.';
  const distinct = new Set(failures.map((f) => f.error.message)).size;
  const more =
    failures.length > 1
      ? ` (${failures.length} parts failed${distinct > 1 ? ', for different reasons' : ''})`
      : '';
  return `${first.message}${more}`;
}

/** A collector for the parts of one query, classifying failures with the query's context. */
export function collectPartial(
  ctx: Pick<QueryContext, 'signal' | 'correlationId' | 'logger'>,
): PartialCollector {
  const frames: Frame[] = [];
  const failures: PartialFailure[] = [];
  const classify = (e: unknown) => DsError.from(e, { signal: ctx.signal, correlationId: ctx.correlationId });
  const collector: PartialCollector = {
    frames,
    failures,
    add: (...f) => void frames.push(...f),
    fail(error, what) {
      const e = classify(error);
      failures.push(what === undefined ? { error: e } : { what, error: e });
      ctx.logger.warn('part of a query failed', {
        part: what,
        category: e.category,
        correlationId: ctx.correlationId,
      });
    },
    async attempt(what, fn) {
      try {
        return await fn();
      } catch (err) {
        if (classify(err).category === 'cancelled') throw err;
        collector.fail(err, what);
        return undefined;
      }
    },
    result(notices = []) {
      if (failures.length === 0) return { frames, notices };
      if (frames.length === 0) throw failures[0]!.error;
      return { frames, notices: [...notices, partialNotice(partialWhy(failures))] };
    },
    stop: (reason) => new PartialResultError([...frames], reason),
  };
  return collector;
}

/**
 * Turns a {@link PartialResultError} into a result with the frames it carries and the warning
 * notice (or, without frames, into the failure of its reason). Place it just inside
 * `categorizeErrors` and outside `timeout`, so a deadline that cuts pagination short still
 * returns the pages already read.
 */
export function partialResults(): QueryMiddleware {
  return queryMiddleware('partialResults', (next) => async (query, ctx) => {
    try {
      return await next(query, ctx);
    } catch (err) {
      if (!(err instanceof PartialResultError)) throw err;
      const reason = DsError.from(err.reason, { signal: ctx.signal, correlationId: ctx.correlationId });
      if (err.frames.length === 0 || reason.category === 'cancelled') throw reason;
      ctx.logger.warn('query returned a partial result', {
        category: reason.category,
        correlationId: ctx.correlationId,
      });
      return { frames: err.frames, notices: [...err.notices, partialNotice(reason.message)] };
    }
  });
}
