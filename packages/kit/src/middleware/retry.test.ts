import type { DataQuery, Logger, PluginContext } from '@dsforge/backend';

import { createFakeClock, type FakeClock } from '../clock';
import { DsError, dsError } from '../errors';
import type { QueryContext, QueryFn, QueryResult } from '../types';
import { Frame } from '@dsforge/backend';

import { composeQuery } from '../query-middleware';
import { PartialResultError, partialResults } from './partial-results';
import { retry, retryCall } from './retry';
import { createRetryBudget } from './retry-budget';

interface LogEntry {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

function makeLogger(entries: LogEntry[], bound: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      entries.push({ level, msg, fields: { ...bound, ...fields } });
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    with: (f: Record<string, unknown>) => makeLogger(entries, { ...bound, ...f }),
    level: 'trace',
  } as Logger;
}

function setup(opts: { remainingMs?: number; signal?: AbortSignal } = {}) {
  const fake = createFakeClock();
  const sleeps: number[] = [];
  const clock: FakeClock = {
    ...fake,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return fake.sleep(ms, signal);
    },
  };
  const logs: LogEntry[] = [];
  const deadline = fake.now() + (opts.remainingMs ?? 30_000);
  const ctx = {
    plugin: { dataSource: { uid: 'ds1', url: 'https://api.example.com/v1' } } as unknown as PluginContext,
    instance: undefined,
    signal: opts.signal ?? new AbortController().signal,
    remainingMs: () => Math.max(0, deadline - fake.now()),
    logger: makeLogger(logs),
    headers: {},
    clock,
    fetch: () => Promise.reject(new Error('no fetch in this test')),
    correlationId: 'c-1',
  } as QueryContext;
  const query = { refId: 'A', json: { expr: 'up' } } as unknown as DataQuery;
  return { clock, sleeps, logs, ctx, query };
}

/** An upstream that throws the given errors in turn, then answers. */
function script(...outcomes: (Error | 'ok')[]): QueryFn & { calls: number } {
  const fn = Object.assign(
    async (): Promise<QueryResult> => {
      const o = outcomes[Math.min(fn.calls, outcomes.length - 1)]!;
      fn.calls++;
      if (o === 'ok') return { frames: [] };
      throw o;
    },
    { calls: 0 },
  );
  return fn;
}

/** Runs `p` to the end, moving the fake clock in small steps. */
async function drive<T>(p: Promise<T>, clock: FakeClock, stepMs = 10): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 100_000 && !done; i++) {
    // Let the code under test schedule its waits before time moves.
    await new Promise((r) => setImmediate(r));
    if (!done) await clock.advance(stepMs);
  }
  return p;
}

const unavailable = () => dsError('upstream_unavailable');

describe('retry', () => {
  it('retries a transient error up to 3 attempts in total, then returns the last error', async () => {
    const { clock, ctx, query, sleeps } = setup();
    const last = dsError('upstream_unavailable', { message: 'third' });
    const up = script(unavailable(), unavailable(), last);
    const mw = retry({ random: () => 0.5 });
    await expect(drive(mw(up)(query, ctx), clock)).rejects.toBe(last);
    expect(up.calls).toBe(3);
    // Full jitter: random × min(cap, base × 2^(n−1)) = 0.5 × 100, 0.5 × 200.
    expect(sleeps).toEqual([50, 100]);
    expect(mw.counts).toEqual({ retried: 2, refusedByBudget: 0, deadline: 0 });
  });

  it('returns the result of the first attempt that succeeds', async () => {
    const { clock, ctx, query } = setup();
    const up = script(unavailable(), 'ok');
    await expect(drive(retry({ random: () => 0 })(up)(query, ctx), clock)).resolves.toEqual({ frames: [] });
    expect(up.calls).toBe(2);
  });

  it('keeps every backoff below the cap and below base × 2^(attempt−1)', async () => {
    const { clock, ctx, query, sleeps } = setup();
    const up = script(unavailable());
    const mw = retry({ maxAttempts: 6, baseMs: 100, capMs: 300, random: () => 0.999 });
    await expect(drive(mw(up)(query, ctx), clock)).rejects.toBeInstanceOf(DsError);
    expect(up.calls).toBe(6);
    const bounds = [100, 200, 300, 300, 300];
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(bounds[i]!);
    });
    expect(sleeps).toHaveLength(5);
  });

  it('does not retry categories that repeating cannot fix', async () => {
    for (const category of ['not_found', 'invalid_query', 'authentication_failed', 'bad_response'] as const) {
      const { clock, ctx, query } = setup();
      const up = script(dsError(category));
      await expect(drive(retry()(up)(query, ctx), clock)).rejects.toMatchObject({ category });
      expect(up.calls).toBe(1);
    }
  });

  it('retries a server_error only for idempotent requests', async () => {
    const idem = setup();
    const up1 = script(dsError('server_error'), 'ok');
    await drive(retry({ random: () => 0 })(up1)(idem.query, idem.ctx), idem.clock);
    expect(up1.calls).toBe(2);

    const byOption = setup();
    const up2 = script(dsError('server_error'), 'ok');
    const mw = retry({ idempotent: () => false });
    await expect(drive(mw(up2)(byOption.query, byOption.ctx), byOption.clock)).rejects.toMatchObject({
      category: 'server_error',
    });
    expect(up2.calls).toBe(1);

    const byRequest = setup();
    const up3 = script(dsError('server_error', { details: { idempotent: false } }), 'ok');
    await expect(drive(retry()(up3)(byRequest.query, byRequest.ctx), byRequest.clock)).rejects.toMatchObject({
      category: 'server_error',
    });
    expect(up3.calls).toBe(1);
  });

  it('a non-idempotent query is still retried when the upstream was never reached', async () => {
    const { clock, ctx, query } = setup();
    const up = script(unavailable(), 'ok');
    await drive(retry({ idempotent: () => false, random: () => 0 })(up)(query, ctx), clock);
    expect(up.calls).toBe(2);
  });

  it('waits for Retry-After before retrying a rate_limited answer', async () => {
    const { clock, ctx, query, sleeps } = setup();
    const up = script(dsError('rate_limited', { retryAfterMs: 1500 }), 'ok');
    const calledAt: number[] = [];
    const timed: QueryFn = async (q, c) => {
      calledAt.push(clock.now());
      return up(q, c);
    };
    await drive(retry({ random: () => 0.9 })(timed)(query, ctx), clock);
    expect(sleeps).toEqual([1500]);
    expect(calledAt[1]! - calledAt[0]!).toBe(1500);
  });

  it('fails at once with the last error when the wait would pass the deadline', async () => {
    const { clock, ctx, query, sleeps, logs } = setup({ remainingMs: 1000 });
    const err = dsError('rate_limited', { retryAfterMs: 5000 });
    const up = script(err, 'ok');
    const mw = retry();
    await expect(mw(up)(query, ctx)).rejects.toBe(err);
    expect(up.calls).toBe(1);
    expect(sleeps).toEqual([]);
    expect(mw.counts.deadline).toBe(1);
    expect(logs.some((l) => l.msg.includes('pass the deadline'))).toBe(true);
    void clock;
  });

  it('does not retry a timeout once the deadline has passed', async () => {
    const { ctx, query } = setup({ remainingMs: 0 });
    const up = script(dsError('timeout'), 'ok');
    await expect(retry({ random: () => 0 })(up)(query, ctx)).rejects.toMatchObject({ category: 'timeout' });
    expect(up.calls).toBe(1);
  });

  it('retries a timeout of one attempt while the deadline allows', async () => {
    const { clock, ctx, query } = setup({ remainingMs: 10_000 });
    const up = script(dsError('timeout'), 'ok');
    await drive(retry({ random: () => 0 })(up)(query, ctx), clock);
    expect(up.calls).toBe(2);
  });

  it('stops retrying when the query is cancelled during a wait', async () => {
    const ac = new AbortController();
    const { clock, ctx, query } = setup({ signal: ac.signal });
    const up = script(unavailable(), 'ok');
    const p = retry({ random: () => 0.99, baseMs: 1000 })(up)(query, ctx);
    p.catch(() => undefined);
    await clock.advance(100);
    expect(clock.pending()).toBe(1);
    const reason = new Error('cancelled by Grafana');
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    await clock.advance(5000);
    expect(up.calls).toBe(1);
  });

  it('classifies plain errors (connection refused) and retries them', async () => {
    const { clock, ctx, query } = setup();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const up = script(refused, 'ok');
    await drive(retry({ random: () => 0 })(up)(query, ctx), clock);
    expect(up.calls).toBe(2);
  });

  it('does not retry an error marked not retryable by its thrower', async () => {
    const { ctx, query } = setup();
    const up = script(dsError('upstream_unavailable', { retryable: false }), 'ok');
    await expect(retry()(up)(query, ctx)).rejects.toMatchObject({ category: 'upstream_unavailable' });
    expect(up.calls).toBe(1);
  });

  it("never retries a refusal from the plugin's own limiters", async () => {
    const { ctx, query } = setup();
    const up = script(
      dsError('rate_limited', { retryAfterMs: 10, details: { limiter: 'concurrency' } }),
      'ok',
    );
    await expect(retry()(up)(query, ctx)).rejects.toMatchObject({ category: 'rate_limited' });
    expect(up.calls).toBe(1);
  });

  it('returns the original error, with a warning and a count, when the budget refuses', async () => {
    const { clock, ctx, query, logs } = setup();
    const budget = createRetryBudget({ minConcurrent: 0, minRetriesPerWindow: 0, clock });
    const err = unavailable();
    const up = script(err, 'ok');
    const mw = retry({ budget });
    await expect(mw(up)(query, ctx)).rejects.toBe(err);
    expect(up.calls).toBe(1);
    expect(mw.counts.refusedByBudget).toBe(1);
    expect(logs.find((l) => l.level === 'warn')?.msg).toMatch(/retry budget/);
    expect(budget.stats()[0]).toMatchObject({ key: 'ds1@api.example.com', refused: 1, inFlight: 0 });
  });

  it('counts in-flight requests and active retries in the budget and releases them', async () => {
    const { clock, ctx, query } = setup();
    const budget = createRetryBudget({ clock });
    let seen: unknown;
    let calls = 0;
    const up: QueryFn = async () => {
      calls++;
      seen = budget.stats()[0];
      if (calls === 1) throw unavailable();
      return { frames: [] };
    };
    await drive(retry({ budget, random: () => 0 })(up)(query, ctx), clock);
    expect(seen).toMatchObject({ inFlight: 1, activeRetries: 1, requests: 1, retries: 1 });
    expect(budget.stats()[0]).toMatchObject({ inFlight: 0, activeRetries: 0 });
  });

  it('exports a prom-client counter of retries by outcome when given a registry', async () => {
    const { Registry } = await import('@dsforge/backend');
    const registry = new Registry();
    const { clock, ctx, query } = setup();
    await drive(
      retry({ metrics: registry, random: () => 0 })(script(unavailable(), 'ok'))(query, ctx),
      clock,
    );
    expect(await registry.metrics()).toContain('dsforge_query_retries_total{outcome="retried"} 1');
  });

  it('rejects invalid options when the middleware is created', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(/maxAttempts must be an integer >= 1/);
    expect(() => retry({ baseMs: -1 })).toThrow(/baseMs/);
    expect(() => retry({ capMs: Number.NaN })).toThrow(/capMs/);
  });
});

describe('retry of the parts of a query (pages, sub-requests)', () => {
  const frame = (name: string) => new Frame({ name, fields: [{ name: 'v', type: 'float64', values: [1] }] });

  /** Page 1 succeeds; page 2 answers the given outcomes in turn. */
  function pages(page2: (Error | 'ok')[], useRetryCall: boolean) {
    const calls = { query: 0, page1: 0, page2: 0 };
    const fn: QueryFn = async (_q, ctx) => {
      calls.query++;
      const frames: Frame[] = [];
      const get = async (n: 1 | 2) => {
        if (n === 1) {
          calls.page1++;
          return frame('p1');
        }
        const o = page2[Math.min(calls.page2, page2.length - 1)]!;
        calls.page2++;
        if (o === 'ok') return frame('p2');
        throw o;
      };
      const call = (n: 1 | 2) =>
        useRetryCall ? retryCall(ctx as QueryContext<unknown>, () => get(n)) : get(n);
      try {
        frames.push(await call(1));
        frames.push(await call(2));
      } catch (err) {
        if (frames.length > 0) throw new PartialResultError(frames, err);
        throw err;
      }
      return { frames };
    };
    return { fn, calls };
  }

  it('does not repeat the whole query for a partial result, even when its reason is transient', async () => {
    const { clock, ctx, query } = setup();
    const { fn, calls } = pages([dsError('server_error')], false);
    const chain = composeQuery([partialResults(), retry({ random: () => 0 })], fn);
    const res = await drive(chain(query, ctx), clock);
    expect(res.frames.map((f) => f.name)).toEqual(['p1']);
    expect(res.notices?.[0]?.text).toMatch(/^Partial result — complete data unavailable: /);
    expect(calls).toEqual({ query: 1, page1: 1, page2: 1 });
  });

  it('retries only the failed page with retryCall, and the query succeeds without refetching page 1', async () => {
    const { clock, ctx, query, sleeps } = setup();
    const { fn, calls } = pages([dsError('server_error'), dsError('upstream_unavailable'), 'ok'], true);
    const mw = retry({ random: () => 0.5 });
    const res = await drive(composeQuery([partialResults(), mw], fn)(query, ctx), clock);
    expect(res.frames.map((f) => f.name)).toEqual(['p1', 'p2']);
    expect(res.notices ?? []).toEqual([]);
    expect(calls).toEqual({ query: 1, page1: 1, page2: 3 });
    expect(sleeps).toEqual([50, 100]);
    expect(mw.counts.retried).toBe(2);
  });

  it('keeps the pages read when a page still fails after its retries, without retrying the query on top', async () => {
    const { clock, ctx, query } = setup();
    const { fn, calls } = pages([dsError('server_error')], true);
    const res = await drive(
      composeQuery([partialResults(), retry({ random: () => 0 })], fn)(query, ctx),
      clock,
    );
    expect(res.frames.map((f) => f.name)).toEqual(['p1']);
    expect(res.notices?.[0]?.text).toMatch(/Partial result — complete data unavailable: /);
    expect(calls).toEqual({ query: 1, page1: 1, page2: 3 });
  });

  it('does not retry the query for a first call that retryCall already gave up on (3 attempts, not 9)', async () => {
    const { clock, ctx, query } = setup();
    let calls = 0;
    const fn: QueryFn = (_q, c) =>
      retryCall(c as QueryContext<unknown>, async () => {
        calls++;
        throw unavailable();
      });
    await expect(drive(retry({ random: () => 0 })(fn)(query, ctx), clock)).rejects.toMatchObject({
      category: 'upstream_unavailable',
    });
    expect(calls).toBe(3);
  });

  it('calls once when the chain has no retry middleware (retries turned off)', async () => {
    const { ctx } = setup();
    let calls = 0;
    await expect(
      retryCall(ctx as QueryContext<unknown>, async () => {
        calls++;
        throw unavailable();
      }),
    ).rejects.toMatchObject({ category: 'upstream_unavailable' });
    expect(calls).toBe(1);
  });
});
