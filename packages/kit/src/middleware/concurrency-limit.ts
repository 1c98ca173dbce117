/**
 * `concurrencyLimit()`: a bulkhead per datasource instance — at most `maxInFlight` queries run,
 * up to `maxQueue` wait in FIFO order (each no longer than its deadline), the rest are turned
 * away at once with a "busy" error, so one dashboard cannot pile unbounded work on an upstream.
 *
 * Why not cockatiel's `bulkhead()`: in 3.2.1 a queued call whose signal aborts stays in the queue
 * (holding a queue slot) until a running call finishes, and a freed slot is handed over on a later
 * tick, so a newcomer can overtake the queue. Here an aborted or expired waiter leaves the queue at
 * once and a freed slot goes straight to the oldest waiter. Waits run on the {@link Clock}.
 * @module
 */
import type { DataQuery } from '@dsforge/backend';

import { dsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { checkOption } from './check-option';

/** Options of {@link concurrencyLimit}. */
export interface ConcurrencyLimitOptions {
  /** Queries running at once per datasource (32). */
  maxInFlight?: number;
  /** Queries waiting for a slot per datasource (128); 0 rejects as soon as all slots are busy. */
  maxQueue?: number;
  /** Which limiter a query uses (default: the datasource uid, so all its instances share one). */
  key?: (query: DataQuery<unknown>, ctx: QueryContext<unknown>) => string;
  /** Suggested wait in the busy error's `retryAfterMs` (1 000). */
  busyRetryAfterMs?: number;
}

/** One limiter's numbers, for metrics and CheckHealth. */
export interface ConcurrencyStats {
  key: string;
  inFlight: number;
  queued: number;
}

interface Waiter {
  grant(): void;
}

interface Limiter {
  inFlight: number;
  queue: Waiter[];
}

function queries(n: number): string {
  return n === 1 ? '1 query' : `${n} queries`;
}

/** The middleware returned by {@link concurrencyLimit}, with its live numbers. */
export type ConcurrencyLimitMiddleware = QueryMiddleware & { stats(): ConcurrencyStats[] };

/**
 * Limits concurrent queries per datasource. Over the queue: a `rate_limited` DsError (status 429,
 * source downstream, `details.limiter = 'concurrency'`) saying the datasource is busy. A query that
 * waits is removed from the queue when its signal aborts (the abort reason is thrown) or its
 * deadline comes (a `timeout` DsError saying it waited for a free slot).
 *
 * @throws TypeError at factory time for invalid options.
 */
export function concurrencyLimit(options: ConcurrencyLimitOptions = {}): ConcurrencyLimitMiddleware {
  const where = 'concurrencyLimit';
  const maxInFlight = checkOption(where, 'maxInFlight', options.maxInFlight ?? 32, 'positiveInt');
  const maxQueue = checkOption(where, 'maxQueue', options.maxQueue ?? 128, 'nonNegativeInt');
  const busyRetryAfterMs = checkOption(
    where,
    'busyRetryAfterMs',
    options.busyRetryAfterMs ?? 1000,
    'nonNegative',
  );
  const keyFn = options.key ?? ((_q, ctx) => ctx.plugin?.dataSource?.uid || 'default');
  const limiters = new Map<string, Limiter>();

  const release = (key: string, l: Limiter) => {
    const next = l.queue.shift();
    if (next) return next.grant(); // the slot passes on; inFlight stays the same
    l.inFlight--;
    if (l.inFlight === 0) limiters.delete(key); // idle limiters cost nothing
  };

  const acquire = (key: string, l: Limiter, ctx: QueryContext<unknown>): Promise<void> => {
    if (l.inFlight < maxInFlight) {
      l.inFlight++;
      return Promise.resolve();
    }
    if (l.queue.length >= maxQueue) {
      return Promise.reject(
        dsError('rate_limited', {
          message:
            `Datasource is busy: ${queries(l.inFlight)} running and ${queries(l.queue.length)} waiting ` +
            `(limits: ${maxInFlight} running, ${maxQueue} waiting).`,
          suggestion:
            'Try again in a moment, refresh fewer panels at once, or ask an admin to raise the limit.',
          retryAfterMs: busyRetryAfterMs,
          details: { limiter: 'concurrency', inFlight: l.inFlight, queued: l.queue.length },
        }),
      );
    }
    if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
    return new Promise<void>((resolve, reject) => {
      const remaining = ctx.remainingMs();
      const deadline = Number.isFinite(remaining) ? new AbortController() : undefined;
      const leave = () => {
        const i = l.queue.indexOf(waiter);
        if (i >= 0) l.queue.splice(i, 1);
        ctx.signal.removeEventListener('abort', onAbort);
        deadline?.abort();
      };
      const onAbort = () => {
        leave();
        reject(ctx.signal.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve();
        },
      };
      l.queue.push(waiter);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      if (deadline) {
        ctx.clock.sleep(remaining, deadline.signal).then(
          () => {
            leave();
            reject(
              dsError('timeout', {
                message: `Query timed out waiting for a free slot: the datasource already runs ${queries(maxInFlight)} at once.`,
                suggestion:
                  'Try again in a moment, refresh fewer panels at once, or ask an admin to raise the limit.',
                details: { limiter: 'concurrency', inFlight: l.inFlight, queued: l.queue.length },
              }),
            );
          },
          () => undefined, // slot granted or aborted first
        );
      }
    });
  };

  const mw = queryMiddleware('concurrencyLimit', (next) => async (query, ctx) => {
    const key = keyFn(query as DataQuery<unknown>, ctx as QueryContext<unknown>);
    let l = limiters.get(key);
    if (!l) {
      l = { inFlight: 0, queue: [] };
      limiters.set(key, l);
    }
    const limiter = l;
    await acquire(key, limiter, ctx as QueryContext<unknown>);
    try {
      return await next(query, ctx);
    } finally {
      release(key, limiter);
    }
  });
  return Object.assign(mw, {
    stats: () => [...limiters].map(([key, l]) => ({ key, inFlight: l.inFlight, queued: l.queue.length })),
  });
}
