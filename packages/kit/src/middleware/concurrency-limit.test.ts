import type { DataQuery, Logger, PluginContext } from '@dsforge/backend';

import { createFakeClock, type FakeClock } from '../clock';
import { DsError } from '../errors';
import type { QueryContext, QueryFn } from '../types';
import { concurrencyLimit } from './concurrency-limit';

function makeCtx(
  clock: FakeClock,
  opts: { uid?: string; signal?: AbortSignal; remainingMs?: number } = {},
): QueryContext {
  const deadline = clock.now() + (opts.remainingMs ?? Infinity);
  return {
    plugin: {
      dataSource: { uid: opts.uid ?? 'ds1', url: 'https://api.example.com' },
    } as unknown as PluginContext,
    instance: undefined,
    signal: opts.signal ?? new AbortController().signal,
    remainingMs: () => Math.max(0, deadline - clock.now()),
    logger: {} as Logger,
    headers: {},
    clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    correlationId: 'c-1',
  } as QueryContext;
}

/** An upstream where each query waits until the test finishes it by refId; logs start and end. */
function gatedUpstream() {
  const log: string[] = [];
  const gates = new Map<string, () => void>();
  const fn: QueryFn = async (q) => {
    log.push(`start ${q.refId}`);
    await new Promise<void>((r) => gates.set(q.refId, r));
    log.push(`end ${q.refId}`);
    return { frames: [] };
  };
  const finish = async (refId: string) => {
    gates.get(refId)!();
    await new Promise((r) => setImmediate(r));
  };
  return { log, fn, finish };
}

const q = (refId: string) => ({ refId, json: {} }) as unknown as DataQuery;
const tick = () => new Promise((r) => setImmediate(r));

describe('concurrencyLimit', () => {
  it('runs at most maxInFlight queries and starts queued ones in arrival order', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const mw = concurrencyLimit({ maxInFlight: 2, maxQueue: 2 });
    const run = mw(up.fn);
    const ctx = makeCtx(clock);
    const all = ['A', 'B', 'C', 'D'].map((id) => run(q(id), ctx));
    await tick();
    expect(up.log).toEqual(['start A', 'start B']);
    expect(mw.stats()).toEqual([{ key: 'ds1', inFlight: 2, queued: 2 }]);

    await up.finish('B');
    await up.finish('A');
    await up.finish('C');
    await up.finish('D');
    await Promise.all(all);
    expect(up.log).toEqual(['start A', 'start B', 'end B', 'start C', 'end A', 'start D', 'end C', 'end D']);
    expect(mw.stats()).toEqual([]); // idle limiters are dropped
  });

  it('turns queries away at once with a busy rate_limited error when the queue is full', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const run = concurrencyLimit({ maxInFlight: 1, maxQueue: 1 })(up.fn);
    const ctx = makeCtx(clock);
    const a = run(q('A'), ctx);
    const b = run(q('B'), ctx);
    const err = (await run(q('C'), ctx).catch((e) => e)) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err).toMatchObject({
      category: 'rate_limited',
      status: 429,
      source: 'downstream',
      retryAfterMs: 1000,
    });
    expect(err.message).toBe(
      'Datasource is busy: 1 query running and 1 query waiting (limits: 1 running, 1 waiting).',
    );
    expect(err.details).toMatchObject({ limiter: 'concurrency' });
    await tick();
    expect(up.log).toEqual(['start A']);
    await up.finish('A');
    await up.finish('B');
    await Promise.all([a, b]);
  });

  it('with maxQueue 0 rejects as soon as every slot is busy', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const run = concurrencyLimit({ maxInFlight: 1, maxQueue: 0 })(up.fn);
    const a = run(q('A'), makeCtx(clock));
    await expect(run(q('B'), makeCtx(clock))).rejects.toMatchObject({ category: 'rate_limited' });
    await up.finish('A');
    await a;
  });

  it('removes a waiting query from the queue when it is cancelled', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const mw = concurrencyLimit({ maxInFlight: 1, maxQueue: 1 });
    const run = mw(up.fn);
    const a = run(q('A'), makeCtx(clock));
    const ac = new AbortController();
    const b = run(q('B'), makeCtx(clock, { signal: ac.signal }));
    const reason = new Error('cancelled by Grafana');
    ac.abort(reason);
    await expect(b).rejects.toBe(reason);
    expect(mw.stats()).toEqual([{ key: 'ds1', inFlight: 1, queued: 0 }]);
    // Its queue place is free again, and it never reaches the upstream.
    const c = run(q('C'), makeCtx(clock));
    await up.finish('A');
    await up.finish('C');
    await Promise.all([a, c]);
    expect(up.log).toEqual(['start A', 'end A', 'start C', 'end C']);
  });

  it('bounds the queue wait by the deadline', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const mw = concurrencyLimit({ maxInFlight: 1 });
    const run = mw(up.fn);
    const a = run(q('A'), makeCtx(clock));
    const b = run(q('B'), makeCtx(clock, { remainingMs: 2_000 }));
    b.catch(() => undefined);
    await clock.advance(1_999);
    expect(mw.stats()[0]!.queued).toBe(1);
    await clock.advance(1);
    const err = (await b.catch((e) => e)) as DsError;
    expect(err).toMatchObject({ category: 'timeout', details: { limiter: 'concurrency' } });
    expect(err.message).toBe(
      'Query timed out waiting for a free slot: the datasource already runs 1 query at once.',
    );
    expect(mw.stats()[0]!.queued).toBe(0);
    await up.finish('A');
    await a;
    expect(up.log).toEqual(['start A', 'end A']);
    expect(clock.pending()).toBe(0);
  });

  it('a query that gets its slot leaves no deadline timer behind', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const run = concurrencyLimit({ maxInFlight: 1 })(up.fn);
    const a = run(q('A'), makeCtx(clock));
    const b = run(q('B'), makeCtx(clock, { remainingMs: 60_000 }));
    await tick();
    expect(clock.pending()).toBe(1);
    await up.finish('A');
    expect(clock.pending()).toBe(0);
    await up.finish('B');
    await Promise.all([a, b]);
  });

  it('limits each datasource separately', async () => {
    const clock = createFakeClock();
    const up = gatedUpstream();
    const run = concurrencyLimit({ maxInFlight: 1, maxQueue: 0 })(up.fn);
    const a = run(q('A'), makeCtx(clock, { uid: 'ds1' }));
    const b = run(q('B'), makeCtx(clock, { uid: 'ds2' }));
    await tick();
    expect(up.log).toEqual(['start A', 'start B']);
    await up.finish('A');
    await up.finish('B');
    await Promise.all([a, b]);
  });

  it('frees the slot when the query fails', async () => {
    const clock = createFakeClock();
    const run = concurrencyLimit({ maxInFlight: 1, maxQueue: 0 })(async () => {
      throw new Error('boom');
    });
    await expect(run(q('A'), makeCtx(clock))).rejects.toThrow('boom');
    await expect(run(q('B'), makeCtx(clock))).rejects.toThrow('boom');
  });

  it('rejects invalid options when created', () => {
    expect(() => concurrencyLimit({ maxInFlight: 0 })).toThrow(/maxInFlight must be an integer >= 1/);
    expect(() => concurrencyLimit({ maxQueue: -1 })).toThrow(/maxQueue must be an integer >= 0/);
  });
});
