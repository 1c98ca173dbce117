/**
 * CheckHealth for {@link createDatasource}: runs the datasource's own check with a short
 * deadline, turns a throw into an actionable ERROR (never secrets: only the classified user
 * sentence is shown) and adds the circuit breakers' state.
 * @module
 */
import type { CheckHealthResult } from '@dsforge/backend';

import { DsError, dsError, errorLogFields, formatDuration } from './errors';
import type { BreakerStateInfo } from './middleware/circuit-breaker';
import { upstreamKey } from './middleware/retry-budget';
import type { QueryContext } from './types';

/** The datasource's health check: a result, a message (ok) or nothing (ok); throw for ERROR. */
export type HealthFn<I> = (ctx: QueryContext<I>) => Promise<CheckHealthResult | string | void>;

function breakerSentence(open: BreakerStateInfo[]): string | undefined {
  const b = open[0];
  if (!b) return undefined;
  const when =
    b.opensInMs !== undefined ? ` (next try in ${Math.max(1, Math.ceil(b.opensInMs / 1000))} s)` : '';
  return `Queries currently fail fast: the circuit breaker is ${b.state}${when} after too many upstream failures.`;
}

/** Runs `fn` with a deadline of `timeoutMs` and reports the outcome as Grafana shows it. */
export async function checkHealthWith<I>(
  fn: HealthFn<I>,
  ctx: QueryContext<I>,
  timeoutMs: number,
  breakerStates: (key: string) => BreakerStateInfo[] = () => [],
): Promise<CheckHealthResult> {
  const timer = ctx.clock.timeoutSignal(timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timer]);
  const started = ctx.clock.now();
  const hctx: QueryContext<I> = {
    ...ctx,
    signal,
    remainingMs: () => Math.max(0, Math.min(ctx.remainingMs(), started + timeoutMs - ctx.clock.now())),
  };
  const breakers = breakerStates(upstreamKey(undefined, ctx));
  const notOk = breakers.filter((b) => b.state !== 'closed');
  const extra = breakerSentence(notOk);
  const breakerDetails = breakers.length > 0 ? { circuitBreakers: breakers } : {};
  let result: CheckHealthResult;
  try {
    const r = await fn(hctx);
    result =
      typeof r === 'string'
        ? { status: 'ok', message: r }
        : (r ?? { status: 'ok', message: 'Datasource is working' });
  } catch (err) {
    const e =
      timer.aborted && signal.reason === timer.reason
        ? dsError('timeout', {
            message: `The health check took too long (>${formatDuration(timeoutMs)}).`,
            suggestion: 'Check the datasource URL and that the upstream is reachable from Grafana.',
            cause: err,
            correlationId: ctx.correlationId,
          })
        : DsError.from(err, { signal, correlationId: ctx.correlationId });
    ctx.logger.warn('health check failed', errorLogFields(e));
    return {
      status: 'error',
      message: [e.userMessage, extra].filter(Boolean).join(' '),
      details: { category: e.category, correlationId: ctx.correlationId, ...breakerDetails },
    };
  }
  const message = [result.message, result.status === 'ok' ? extra : undefined].filter(Boolean).join(' ');
  return {
    ...result,
    message,
    ...(result.details || breakers.length > 0 ? { details: { ...result.details, ...breakerDetails } } : {}),
  };
}
