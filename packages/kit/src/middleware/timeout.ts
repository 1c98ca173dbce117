/**
 * `timeout()`: every query ends by an effective deadline, and the user gets an actionable
 * `timeout` error naming the configured limit instead of a bare DEADLINE_EXCEEDED.
 * @module
 */
import { DsError, dsError, formatDuration } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';

import { PartialResultError } from './partial-results';

/** Options for {@link timeout}. */
export interface TimeoutOptions {
  /** Limit when the datasource sets none, in ms. Default 30 000. */
  defaultMs?: number;
  /**
   * Datasource jsonData key holding the limit in **seconds** (Grafana's HTTP settings convention,
   * the "Timeout" field). Default `timeout`. Ignored when not a positive number.
   */
  settingKey?: string;
  /**
   * Query JSON key holding a per-query limit in **ms** (default `timeoutMs`). It can only shorten
   * the datasource's limit, never lengthen it: the admin's setting is a ceiling.
   */
  queryKey?: string;
  /** Time kept back from Grafana's own deadline so our answer arrives first. Default 250 ms. */
  deadlineMarginMs?: number;
}

/** Which limit ends a query first. */
export interface EffectiveTimeout {
  ms: number;
  /** `configured`: the datasource setting or default; `query`: the per-query override; `grafana`: Grafana's deadline. */
  source: 'configured' | 'query' | 'grafana';
}

function positive(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Computes the effective limit of one query (exported for tests and CheckHealth details). */
export function effectiveTimeout(
  json: unknown,
  ctx: Pick<QueryContext, 'plugin' | 'remainingMs'>,
  opts: TimeoutOptions = {},
): EffectiveTimeout {
  const settings = ctx.plugin.dataSource?.jsonData as Record<string, unknown> | undefined;
  const settingS = positive(settings?.[opts.settingKey ?? 'timeout']);
  const configured = settingS !== undefined ? settingS * 1000 : (opts.defaultMs ?? 30_000);
  let best: EffectiveTimeout = { ms: configured, source: 'configured' };
  const perQuery =
    json !== null && typeof json === 'object'
      ? positive((json as Record<string, unknown>)[opts.queryKey ?? 'timeoutMs'])
      : undefined;
  if (perQuery !== undefined && perQuery < best.ms) best = { ms: perQuery, source: 'query' };
  const remaining = ctx.remainingMs();
  if (Number.isFinite(remaining)) {
    const grafana = Math.max(0, remaining - (opts.deadlineMarginMs ?? 250));
    if (grafana < best.ms) best = { ms: grafana, source: 'grafana' };
  }
  return best;
}

function timeoutError(limit: EffectiveTimeout, cause: unknown): DsError {
  if (limit.source === 'grafana') {
    return dsError('timeout', {
      message: `Query took too long (>${formatDuration(limit.ms)}, the time Grafana allows for this request).`,
      details: { timeoutMs: limit.ms, limit: 'grafana' },
      cause,
    });
  }
  return dsError('timeout', { timeoutMs: limit.ms, details: { limit: limit.source }, cause });
}

/**
 * Ends every query by min(datasource `timeout` setting (seconds, default `defaultMs`), per-query
 * `timeoutMs`, Grafana's deadline − 250 ms). At that moment the query's signal aborts — so the
 * upstream request's socket closes and every wait stops — and the query fails with a `timeout`
 * DsError naming the limit ("Query took too long (>30s, the configured limit). …").
 *
 * There is no promise race: the middleware waits for the query function to settle after the
 * abort, so nothing keeps running behind the answer. Query functions must pass `ctx.signal` on.
 * A cancellation by Grafana aborts the same signal but is reported as `cancelled`, not timeout.
 * Inner middlewares see the narrowed `signal` and `remainingMs()`.
 */
export function timeout(opts: TimeoutOptions = {}): QueryMiddleware {
  return queryMiddleware('timeout', (next) => async (query, ctx) => {
    const limit = effectiveTimeout(query.json, ctx, opts);
    const started = ctx.clock.now();
    const timer = ctx.clock.timeoutSignal(limit.ms);
    const signal = AbortSignal.any([ctx.signal, timer]);
    const inner: typeof ctx = {
      ...ctx,
      signal,
      remainingMs: () => Math.max(0, Math.min(ctx.remainingMs(), started + limit.ms - ctx.clock.now())),
    };
    try {
      return await next(query, inner);
    } catch (err) {
      // Our timer fired and Grafana did not cancel first: this is the timeout the user should see.
      const timedOut = timer.aborted && signal.reason === timer.reason;
      if (timedOut) {
        const why = timeoutError(limit, err);
        if (err instanceof PartialResultError) {
          err.reason = why;
          throw err;
        }
        throw why;
      }
      if (ctx.signal.aborted && !(err instanceof PartialResultError)) {
        throw DsError.from(err, { signal: ctx.signal, correlationId: ctx.correlationId });
      }
      throw err;
    }
  });
}
