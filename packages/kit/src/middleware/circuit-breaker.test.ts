import { CancelledError, Registry, type DataQuery, type Logger, type PluginContext } from '@dsforge/backend';

import { createFakeClock, type FakeClock } from '../clock';
import { DsError, dsError } from '../errors';
import type { QueryContext, QueryFn, QueryResult } from '../types';
import { breakerState, circuitBreaker } from './circuit-breaker';

const quietLogger = (): Logger => {
  const l = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, level: 'info' } as unknown as Logger;
  l.with = () => l;
  return l;
};

function makeCtx(
  clock: FakeClock,
  opts: { uid?: string; url?: string; signal?: AbortSignal } = {},
): QueryContext {
  return {
    plugin: {
      dataSource: { uid: opts.uid ?? 'ds1', url: opts.url ?? 'https://api.example.com/v1' },
    } as unknown as PluginContext,
    instance: undefined,
    signal: opts.signal ?? new AbortController().signal,
    remainingMs: () => 30_000,
    logger: quietLogger(),
    headers: {},
    clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    correlationId: 'c-1',
  } as QueryContext;
}

const query = { refId: 'A', json: {} } as unknown as DataQuery;
const KEY = 'ds1@api.example.com';

/** An upstream whose next outcome the test sets; it logs every call it receives. */
function upstream() {
  const state = { next: 'ok' as Error | 'ok', calls: 0 };
  const fn: QueryFn = async (): Promise<QueryResult> => {
    state.calls++;
    if (state.next === 'ok') return { frames: [] };
    throw state.next;
  };
  return { state, fn };
}

async function run(fn: QueryFn, ctx: QueryContext): Promise<'ok' | DsError | unknown> {
  try {
    await fn(query, ctx);
    return 'ok';
  } catch (e) {
    return e;
  }
}

async function times(n: number, fn: QueryFn, ctx: QueryContext): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(await run(fn, ctx));
  return out;
}

function setup(opts: Parameters<typeof circuitBreaker>[0] = {}) {
  const clock = createFakeClock();
  const up = upstream();
  const mw = circuitBreaker(opts);
  const guarded = mw(up.fn);
  const ctx = makeCtx(clock);
  return { clock, up, mw, guarded, ctx, state: () => mw.registry.state(KEY) };
}

/** Opens the breaker with 20 failures (the default minimum). */
async function trip(s: ReturnType<typeof setup>) {
  s.up.state.next = dsError('upstream_unavailable');
  await times(20, s.guarded, s.ctx);
  expect(s.state()?.state).toBe('open');
}

describe('circuitBreaker', () => {
  it('stays closed below 20 calls in the window, however many fail', async () => {
    const s = setup();
    s.up.state.next = dsError('upstream_unavailable');
    await times(19, s.guarded, s.ctx);
    expect(s.state()).toMatchObject({ state: 'closed', calls: 19, failures: 19 });
    // The 20th call still reaches the upstream, and its failure opens the breaker.
    await run(s.guarded, s.ctx);
    expect(s.up.state.calls).toBe(20);
    expect(s.state()?.state).toBe('open');
  });

  it('opens at 50 % failures with 20 calls, and not at 45 %', async () => {
    const half = setup();
    await times(10, half.guarded, half.ctx);
    half.up.state.next = dsError('server_error');
    await times(10, half.guarded, half.ctx);
    expect(half.state()).toMatchObject({ state: 'open', calls: 20, failures: 10 });

    const less = setup();
    await times(11, less.guarded, less.ctx);
    less.up.state.next = dsError('server_error');
    await times(9, less.guarded, less.ctx);
    expect(less.state()).toMatchObject({ state: 'closed', calls: 20, failures: 9 });
  });

  it('forgets calls older than the 10 s window', async () => {
    const s = setup();
    s.up.state.next = dsError('timeout');
    await times(10, s.guarded, s.ctx);
    await s.clock.advance(11_000);
    await times(10, s.guarded, s.ctx);
    expect(s.state()).toMatchObject({ state: 'closed', calls: 10, failures: 10 });
  });

  it('when open, fails fast with circuit_open and the seconds until the next try', async () => {
    const s = setup();
    await trip(s);
    const err = (await run(s.guarded, s.ctx)) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe('circuit_open');
    expect(err.message).toBe('Datasource temporarily unavailable, retrying in 5 s.');
    expect(err.retryAfterMs).toBe(5000);
    expect(err.status).toBe(503);
    expect(err.source).toBe('plugin');

    await s.clock.advance(2_500);
    const later = (await run(s.guarded, s.ctx)) as DsError;
    expect(later.message).toBe('Datasource temporarily unavailable, retrying in 3 s.');
    expect(later.retryAfterMs).toBe(2500);
    expect(s.state()).toMatchObject({ state: 'open', opensInMs: 2500, cooldownMs: 5000 });
    expect(s.up.state.calls).toBe(20);
  });

  it('after the cool-down lets exactly one probe through; a success closes the breaker', async () => {
    const s = setup();
    await trip(s);
    await s.clock.advance(5_000);
    expect(s.state()?.state).toBe('half-open');

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const log: string[] = [];
    const slow: QueryFn = async (q, c) => {
      log.push('upstream called');
      await gate;
      return s.up.fn(q, c);
    };
    const guarded = s.mw(slow);
    s.up.state.next = 'ok';
    const probe = run(guarded, s.ctx);
    const second = (await run(guarded, s.ctx)) as DsError;
    expect(second.category).toBe('circuit_open');
    expect(second.retryAfterMs).toBe(1000);
    expect(log).toEqual(['upstream called']);

    release();
    expect(await probe).toBe('ok');
    expect(s.state()).toMatchObject({ state: 'closed', calls: 0, failures: 0, cooldownMs: 5000 });
    expect(await run(guarded, s.ctx)).toBe('ok');
    expect(log).toEqual(['upstream called', 'upstream called']);
  });

  it('doubles the cool-down after each failed probe, up to 60 s', async () => {
    const s = setup();
    await trip(s);
    const cooldowns: number[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = s.state()!.opensInMs!;
      await s.clock.advance(wait);
      const calls = s.up.state.calls;
      await run(s.guarded, s.ctx); // the probe, which fails
      expect(s.up.state.calls).toBe(calls + 1);
      cooldowns.push(s.state()!.cooldownMs);
      expect(s.state()).toMatchObject({ state: 'open', opensInMs: s.state()!.cooldownMs });
    }
    expect(cooldowns).toEqual([10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
    const err = (await run(s.guarded, s.ctx)) as DsError;
    expect(err.message).toBe('Datasource temporarily unavailable, retrying in 60 s.');

    // A later successful probe closes it and resets the cool-down.
    await s.clock.advance(60_000);
    s.up.state.next = 'ok';
    expect(await run(s.guarded, s.ctx)).toBe('ok');
    expect(s.state()).toMatchObject({ state: 'closed', cooldownMs: 5_000 });
  });

  it('an upstream answer to the probe (a 404) closes the breaker; a cancelled probe frees the slot', async () => {
    const s = setup();
    await trip(s);
    await s.clock.advance(5_000);

    const ac = new AbortController();
    ac.abort(new CancelledError());
    s.up.state.next = new CancelledError();
    await run(s.guarded, makeCtx(s.clock, { signal: ac.signal }));
    expect(s.state()?.state).toBe('half-open');

    s.up.state.next = dsError('not_found');
    const calls = s.up.state.calls;
    await run(s.guarded, s.ctx);
    expect(s.up.state.calls).toBe(calls + 1);
    expect(s.state()?.state).toBe('closed');
  });

  it('does not count 4xx answers other than 429', async () => {
    const s = setup();
    for (const category of [
      'not_found',
      'invalid_query',
      'authentication_failed',
      'authorization_failed',
    ] as const) {
      s.up.state.next = dsError(category);
      await times(10, s.guarded, s.ctx);
    }
    expect(s.state()).toMatchObject({ state: 'closed', calls: 0, failures: 0 });
  });

  it('counts 429 answers as failures', async () => {
    const s = setup();
    s.up.state.next = dsError('rate_limited', { retryAfterMs: 1000 });
    await times(20, s.guarded, s.ctx);
    expect(s.state()?.state).toBe('open');
  });

  it('does not count cancellations', async () => {
    const s = setup();
    const ac = new AbortController();
    ac.abort(new CancelledError());
    const cancelledCtx = makeCtx(s.clock, { signal: ac.signal });
    // Whatever the upstream call threw when Grafana cancelled, it says nothing about the upstream.
    s.up.state.next = Object.assign(new Error('socket closed'), { code: 'ECONNRESET' });
    await times(25, s.guarded, cancelledCtx);
    s.up.state.next = new CancelledError();
    await times(25, s.guarded, s.ctx);
    expect(s.state()).toMatchObject({ state: 'closed', calls: 0, failures: 0 });
  });

  it('keeps one breaker per datasource and upstream host', async () => {
    const s = setup();
    await trip(s);
    const other = makeCtx(s.clock, { uid: 'ds2', url: 'https://other.example.com' });
    s.up.state.next = 'ok';
    expect(await run(s.guarded, other)).toBe('ok');
    expect(s.mw.registry.states().map((b) => [b.key, b.state])).toEqual([
      [KEY, 'open'],
      ['ds2@other.example.com', 'closed'],
    ]);
  });

  it('ignores results of calls that started before the breaker changed state', async () => {
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: QueryFn = async () => {
      await gate;
      throw dsError('upstream_unavailable');
    };
    const inFlight = run(s.mw(slow), s.ctx);
    await trip(s);
    await s.clock.advance(5_000);
    s.up.state.next = 'ok';
    expect(await run(s.guarded, s.ctx)).toBe('ok'); // the probe closes it
    release();
    await inFlight; // fails, but belongs to the old generation
    expect(s.state()).toMatchObject({ state: 'closed', calls: 0, failures: 0 });
  });

  it('reports states through breakerState() and a prom-client gauge', async () => {
    const metrics = new Registry();
    const s = setup({ metrics, key: () => 'gauge-test' });
    s.up.state.next = dsError('upstream_unavailable');
    await times(20, s.guarded, s.ctx);
    expect(breakerState('gauge-test')).toEqual([
      { key: 'gauge-test', state: 'open', calls: 20, failures: 20, opensInMs: 5000, cooldownMs: 5000 },
    ]);
    const text = await metrics.metrics();
    expect(text).toContain('dsforge_circuit_breaker_state{key="gauge-test",state="open"} 1');
    expect(text).toContain('dsforge_circuit_breaker_state{key="gauge-test",state="closed"} 0');
    s.mw.registry.dispose();
    expect(breakerState('gauge-test')).toEqual([]);
  });

  it('uses smaller settings when configured', async () => {
    const s = setup({ minimumCalls: 2, failureRatio: 1, halfOpenAfterMs: 100, maxHalfOpenAfterMs: 150 });
    s.up.state.next = dsError('timeout');
    await times(2, s.guarded, s.ctx);
    expect(s.state()).toMatchObject({ state: 'open', opensInMs: 100 });
    await s.clock.advance(100);
    await run(s.guarded, s.ctx);
    expect(s.state()).toMatchObject({ state: 'open', cooldownMs: 150 });
  });

  it('rejects invalid options when the middleware is created', () => {
    expect(() => circuitBreaker({ failureRatio: 0 })).toThrow(/failureRatio must be a number in \(0, 1\]/);
    expect(() => circuitBreaker({ minimumCalls: 1.5 })).toThrow(/minimumCalls/);
    expect(() => circuitBreaker({ halfOpenAfterMs: 10_000, maxHalfOpenAfterMs: 5_000 })).toThrow(
      /maxHalfOpenAfterMs/,
    );
  });
});
