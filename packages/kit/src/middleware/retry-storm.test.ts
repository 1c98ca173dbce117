import type { DataQuery, Logger, PluginContext, User } from '@dsforge/backend';

import { createFakeClock, type FakeClock } from '../clock';
import { DsError, dsError } from '../errors';
import type { QueryContext, QueryFn } from '../types';
import { retry } from './retry';
import { normalizeQuery, retryStorm } from './retry-storm';

const quietLogger = (): Logger => {
  const l = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, level: 'info' } as unknown as Logger;
  l.with = () => l;
  return l;
};

function makeCtx(clock: FakeClock, login?: string): QueryContext {
  return {
    plugin: { dataSource: { uid: 'ds1', url: 'https://api.example.com' } } as unknown as PluginContext,
    instance: undefined,
    signal: new AbortController().signal,
    remainingMs: () => 30_000,
    logger: quietLogger(),
    headers: {},
    user: login ? ({ login, name: login, email: '', role: 'Viewer' } as User) : undefined,
    clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    correlationId: 'c-1',
  } as QueryContext;
}

const q = (json: Record<string, unknown>, refId = 'A') => ({ refId, json }) as unknown as DataQuery;

/** A rate-limited upstream: answers 429 + Retry-After 30 s, logging who called. */
function limitedUpstream(retryAfterMs: number | null = 30_000) {
  const calls: string[] = [];
  const fn: QueryFn = async (_q, ctx) => {
    calls.push(ctx.user?.login ?? 'anonymous');
    throw dsError('rate_limited', { retryAfterMs: retryAfterMs ?? undefined });
  };
  return { calls, fn };
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as DsError;
    return `${err.details?.limiter === 'retry-storm' ? 'plugin' : 'upstream'} ${err.category} ${err.retryAfterMs}`;
  }
}

describe('retryStorm', () => {
  it('after a 429, the same user repeating the query is refused by the plugin; other users are not', async () => {
    const clock = createFakeClock();
    const up = limitedUpstream();
    const run = retryStorm()(up.fn);
    const alice = makeCtx(clock, 'alice');
    const bob = makeCtx(clock, 'bob');
    const query = q({ expr: 'rate(x[5m])' });

    expect(await outcome(run(query, alice))).toBe('upstream rate_limited 30000');
    await clock.advance(10_000);
    // Same query from another panel (other refId) — still the same query.
    expect(await outcome(run(q({ expr: 'rate(x[5m])' }, 'B'), alice))).toBe('plugin rate_limited 20000');
    expect(await outcome(run(query, bob))).toBe('upstream rate_limited 30000');
    await clock.advance(19_000);
    expect(await outcome(run(query, alice))).toBe('plugin rate_limited 1000');
    expect(await outcome(run(query, bob))).toBe('plugin rate_limited 11000');
    await clock.advance(1_000);
    expect(await outcome(run(query, alice))).toBe('upstream rate_limited 30000');

    // The upstream saw one call per user per Retry-After window.
    expect(up.calls).toEqual(['alice', 'bob', 'alice']);
  });

  it('with retry inside it, each user costs the upstream at most one call per Retry-After window', async () => {
    const clock = createFakeClock();
    const calls: string[] = [];
    const start = clock.now();
    const upstream: QueryFn = async (_q, ctx) => {
      calls.push(`${(clock.now() - start) / 1000}s ${ctx.user?.login}`);
      throw dsError('rate_limited', { retryAfterMs: 2_000 });
    };
    const run = retryStorm()(retry({ random: () => 0 })(upstream));
    const ask = (login: string) => outcome(run(q({ expr: 'x' }), makeCtx(clock, login)));
    let done = false;
    const first = Promise.all([ask('alice'), ask('bob')]).finally(() => (done = true));
    for (let i = 0; i < 100 && !done; i++) {
      await new Promise((r) => setImmediate(r));
      if (!done) await clock.advance(500);
    }
    // Each user's query: the first call and two retries, each after the 2 s Retry-After.
    expect(await first).toEqual(['upstream rate_limited 2000', 'upstream rate_limited 2000']);
    expect(calls).toEqual(['0s alice', '0s bob', '2s alice', '2s bob', '4s alice', '4s bob']);
    // Repeating at once (still at 4 s) is refused by the plugin, without an upstream call.
    expect(await ask('alice')).toBe('plugin rate_limited 2000');
    expect(calls).toHaveLength(6);
  });

  it('tells the user what happened and when to try again', async () => {
    const clock = createFakeClock();
    const run = retryStorm()(limitedUpstream(4_500).fn);
    const alice = makeCtx(clock, 'alice');
    await run(q({ a: 1 }), alice).catch(() => undefined);
    const err = (await run(q({ a: 1 }), alice).catch((e) => e)) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.message).toBe(
      'The upstream is rate limiting this query; running it again now would be refused too.',
    );
    expect(err.suggestion).toBe('Try again in 5 s.');
    expect(err).toMatchObject({ category: 'rate_limited', status: 429, retryAfterMs: 4_500 });
  });

  it('does not throttle a different query of the same user', async () => {
    const clock = createFakeClock();
    const up = limitedUpstream();
    const run = retryStorm()(up.fn);
    const alice = makeCtx(clock, 'alice');
    await outcome(run(q({ expr: 'a' }), alice));
    expect(await outcome(run(q({ expr: 'b' }), alice))).toBe('upstream rate_limited 30000');
    expect(up.calls).toEqual(['alice', 'alice']);
  });

  it("ignores the plugin's own limiter refusals and other errors", async () => {
    const clock = createFakeClock();
    let next: Error = dsError('rate_limited', { retryAfterMs: 5_000, details: { limiter: 'rate' } });
    let calls = 0;
    const run = retryStorm()(async () => {
      calls++;
      throw next;
    });
    const alice = makeCtx(clock, 'alice');
    await outcome(run(q({}), alice));
    await outcome(run(q({}), alice));
    next = dsError('server_error');
    await outcome(run(q({}), alice));
    await outcome(run(q({}), alice));
    expect(calls).toBe(4);
  });

  it('blocks for defaultRetryAfterMs after a 429 without Retry-After', async () => {
    const clock = createFakeClock();
    const up = limitedUpstream(null);
    const run = retryStorm({ defaultRetryAfterMs: 2_000 })(up.fn);
    const anon = makeCtx(clock);
    expect(await outcome(run(q({}), anon))).toBe('upstream rate_limited undefined');
    expect(await outcome(run(q({}), anon))).toBe('plugin rate_limited 2000');
    await clock.advance(2_000);
    expect(await outcome(run(q({}), anon))).toBe('upstream rate_limited undefined');
  });

  it('caps a huge Retry-After at maxWindowMs', async () => {
    const clock = createFakeClock();
    const run = retryStorm({ maxWindowMs: 60_000 })(limitedUpstream(86_400_000).fn);
    const alice = makeCtx(clock, 'alice');
    await outcome(run(q({}), alice));
    expect(await outcome(run(q({}), alice))).toBe('plugin rate_limited 60000');
  });

  it('lets a success through untouched', async () => {
    const clock = createFakeClock();
    const run = retryStorm()(async () => ({ frames: [] }));
    await expect(run(q({}), makeCtx(clock, 'alice'))).resolves.toEqual({ frames: [] });
  });

  it('rejects invalid options when created', () => {
    expect(() => retryStorm({ maxWindowMs: 0 })).toThrow(/maxWindowMs must be a number > 0/);
  });
});

describe('normalizeQuery', () => {
  it('ignores key order and the fields that change between runs of the same query', () => {
    const a = normalizeQuery({
      queryType: 'm',
      json: { refId: 'A', expr: 'x', opts: { b: 1, a: 2 }, intervalMs: 1000, datasource: { uid: 'u' } },
    } as unknown as DataQuery);
    const b = normalizeQuery({
      queryType: 'm',
      json: { opts: { a: 2, b: 1 }, expr: 'x', refId: 'B', maxDataPoints: 500 },
    } as unknown as DataQuery);
    expect(a).toBe(b);
    expect(normalizeQuery({ queryType: 'n', json: { expr: 'x' } } as unknown as DataQuery)).not.toBe(
      normalizeQuery({ queryType: 'm', json: { expr: 'x' } } as unknown as DataQuery),
    );
  });
});
