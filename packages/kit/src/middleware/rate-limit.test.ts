import type { DataQuery, Logger, PluginContext, User } from '@dsforge/backend';

import { createFakeClock, type FakeClock } from '../clock';
import { DsError } from '../errors';
import type { QueryContext, QueryFn } from '../types';
import { rateLimit } from './rate-limit';

function makeCtx(clock: FakeClock, login?: string, uid = 'ds1'): QueryContext {
  return {
    plugin: { dataSource: { uid, url: 'https://api.example.com' } } as unknown as PluginContext,
    instance: undefined,
    signal: new AbortController().signal,
    remainingMs: () => 30_000,
    logger: {} as Logger,
    headers: {},
    user: login ? ({ login, name: login, email: '', role: 'Viewer' } as User) : undefined,
    clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    correlationId: 'c-1',
  } as QueryContext;
}

const query = { refId: 'A', json: {} } as unknown as DataQuery;

function counting() {
  const calls: string[] = [];
  const fn: QueryFn = async (_q, ctx) => {
    calls.push(ctx.user?.login ?? 'anonymous');
    return { frames: [] };
  };
  return { calls, fn };
}

async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as DsError;
    return `${err.category} ${err.retryAfterMs}`;
  }
}

describe('rateLimit', () => {
  it('lets a burst through, then refuses with the time until the next token', async () => {
    const clock = createFakeClock();
    const up = counting();
    const run = rateLimit({ perDatasource: { ratePerSec: 2, burst: 3 } })(up.fn);
    const ctx = makeCtx(clock);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await outcome(run(query, ctx)));
    expect(results).toEqual(['ok', 'ok', 'ok', 'rate_limited 500']);
    await clock.advance(200);
    expect(await outcome(run(query, ctx))).toBe('rate_limited 300');
    await clock.advance(300);
    expect(await outcome(run(query, ctx))).toBe('ok');
    expect(up.calls).toHaveLength(4);
  });

  it('says which limit was hit and when to try again', async () => {
    const clock = createFakeClock();
    const run = rateLimit({ perDatasource: { ratePerSec: 0.5, burst: 1 } })(counting().fn);
    await run(query, makeCtx(clock));
    const err = (await run(query, makeCtx(clock)).catch((e) => e)) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.message).toBe(
      'Too many queries to this datasource: the limit is 0.5 per second (bursts of 1).',
    );
    expect(err.suggestion).toBe('Try again in 2 s.');
    expect(err).toMatchObject({
      status: 429,
      retryAfterMs: 2000,
      details: { limiter: 'rate', scope: 'datasource' },
    });
  });

  it('limits each user separately and does not throttle other users', async () => {
    const clock = createFakeClock();
    const up = counting();
    const run = rateLimit({ perUser: { ratePerSec: 1, burst: 2 } })(up.fn);
    const alice = makeCtx(clock, 'alice');
    const bob = makeCtx(clock, 'bob');
    const results = [
      await outcome(run(query, alice)),
      await outcome(run(query, alice)),
      await outcome(run(query, alice)),
      await outcome(run(query, bob)),
      await outcome(run(query, makeCtx(clock))),
    ];
    expect(results).toEqual(['ok', 'ok', 'rate_limited 1000', 'ok', 'ok']);
    expect(up.calls).toEqual(['alice', 'alice', 'bob', 'anonymous']);
    const err = (await run(query, alice).catch((e) => e)) as DsError;
    expect(err.message).toBe(
      'Too many queries from user alice to this datasource: the limit is 1 per second (bursts of 2).',
    );
  });

  it('a query refused for its user takes no token from the datasource', async () => {
    const clock = createFakeClock();
    const up = counting();
    const run = rateLimit({
      perDatasource: { ratePerSec: 1, burst: 2 },
      perUser: { ratePerSec: 1, burst: 1 },
    })(up.fn);
    expect(await outcome(run(query, makeCtx(clock, 'alice')))).toBe('ok');
    for (let i = 0; i < 5; i++)
      expect(await outcome(run(query, makeCtx(clock, 'alice')))).toBe('rate_limited 1000');
    expect(await outcome(run(query, makeCtx(clock, 'bob')))).toBe('ok');
    expect(await outcome(run(query, makeCtx(clock, 'carol')))).toBe('rate_limited 1000');
    expect(up.calls).toEqual(['alice', 'bob']);
  });

  it('keeps separate buckets per datasource', async () => {
    const clock = createFakeClock();
    const run = rateLimit({ perDatasource: { ratePerSec: 1, burst: 1 } })(counting().fn);
    expect(await outcome(run(query, makeCtx(clock, undefined, 'ds1')))).toBe('ok');
    expect(await outcome(run(query, makeCtx(clock, undefined, 'ds2')))).toBe('ok');
    expect(await outcome(run(query, makeCtx(clock, undefined, 'ds1')))).toBe('rate_limited 1000');
  });

  it('drops idle buckets once there are too many, keeping busy ones', async () => {
    const clock = createFakeClock();
    const run = rateLimit({ perUser: { ratePerSec: 1, burst: 1 }, maxKeys: 2 })(counting().fn);
    await run(query, makeCtx(clock, 'u1'));
    await clock.advance(5_000); // u1's bucket is full again
    await run(query, makeCtx(clock, 'u2'));
    await run(query, makeCtx(clock, 'u3')); // sweeps u1
    expect(await outcome(run(query, makeCtx(clock, 'u2')))).toBe('rate_limited 1000');
    expect(await outcome(run(query, makeCtx(clock, 'u1')))).toBe('ok');
  });

  it('lets everything through without buckets', async () => {
    const clock = createFakeClock();
    const up = counting();
    const run = rateLimit()(up.fn);
    for (let i = 0; i < 100; i++) await run(query, makeCtx(clock));
    expect(up.calls).toHaveLength(100);
  });

  it('rejects invalid options when created', () => {
    expect(() => rateLimit({ perUser: { ratePerSec: 0, burst: 1 } })).toThrow(
      /perUser.ratePerSec must be a number > 0/,
    );
    expect(() => rateLimit({ perDatasource: { ratePerSec: 1, burst: 0.5 } })).toThrow(/perDatasource.burst/);
  });
});
