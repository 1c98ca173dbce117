import { Frame, type DataQuery, type User } from '@dsforge/backend';

import { dataQuery, fakeContext, pluginContext, settings, untilAborted } from '../query-test-helpers';
import type { QueryContext, QueryFn, QueryResult } from '../types';
import { cache } from './cache';

function frameOf(values: number[], refId = 'A'): Frame {
  return new Frame({ name: 'f', refId, fields: [{ name: 'v', type: 'float64', values }] });
}

/** An upstream-backed query fn that counts calls and answers with the call number. */
function counter(over: Partial<{ fail: boolean; result: (n: number) => QueryResult }> = {}) {
  let calls = 0;
  const fn: QueryFn = async () => {
    calls++;
    if (over.fail) throw new Error(`upstream failed ${calls}`);
    return over.result ? over.result(calls) : { frames: [frameOf([calls])] };
  };
  return { fn, calls: () => calls };
}

const values = (r: QueryResult) => r.frames[0]?.fields[0]?.values;

describe('cache', () => {
  it('answers a repeated query from the cache with an info notice and meta.custom.cache', async () => {
    const up = counter();
    const run = cache()(up.fn);
    const ctx = fakeContext();
    const first = await run(dataQuery({ q: 'x' }), ctx);
    expect(values(first)).toEqual([1]);
    expect(first.notices ?? []).toEqual([]);
    await ctx.clock.advance(12_500);
    const second = await run(dataQuery({ q: 'x' }), ctx);
    expect(up.calls()).toBe(1);
    expect(values(second)).toEqual([1]);
    expect(second.notices).toEqual([{ severity: 'info', text: 'Cached result from 12 s ago' }]);
    expect(second.frames[0]?.meta?.custom?.cache).toEqual({ hit: true, ageMs: 12_500 });
  });

  it('runs the query again after the TTL', async () => {
    const up = counter();
    const run = cache({ ttlMs: 5_000 })(up.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 'x' }), ctx);
    await ctx.clock.advance(5_000);
    expect(values(await run(dataQuery({ q: 'x' }), ctx))).toEqual([1]);
    await ctx.clock.advance(1);
    expect(values(await run(dataQuery({ q: 'x' }), ctx))).toEqual([2]);
    expect(up.calls()).toBe(2);
  });

  it('misses for a different query, time range or datasource settings version', async () => {
    const up = counter();
    const run = cache()(up.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 'x' }), ctx);
    await run(dataQuery({ q: 'y' }), ctx);
    const later: DataQuery<unknown> = {
      ...dataQuery({ q: 'x' }),
      timeRange: { from: new Date(60_000), to: new Date(3_660_000) },
    };
    await run(later, ctx);
    const saved = settings({ changed: true });
    Object.defineProperty(saved, 'updated', { value: new Date(2) });
    await run(dataQuery({ q: 'x' }), fakeContext({ plugin: pluginContext(saved), clock: ctx.clock }));
    expect(up.calls()).toBe(4);
  });

  it('hits for the same query with reordered keys, another refId and a time range within one interval', async () => {
    const up = counter();
    const run = cache()(up.fn);
    const ctx = fakeContext();
    await run({ ...dataQuery({ a: 1, b: { c: 2, d: 3 }, refId: 'A' }, 'A'), intervalMs: 10_000 }, ctx);
    const again = await run(
      {
        ...dataQuery({ b: { d: 3, c: 2 }, a: 1, refId: 'B', key: 'Q-123', datasource: { uid: 'x' } }, 'B'),
        intervalMs: 10_000,
        timeRange: { from: new Date(4_000), to: new Date(3_604_000) },
      },
      ctx,
    );
    expect(up.calls()).toBe(1);
    expect(again.frames[0]?.refId).toBe('B');
  });

  it('keeps users apart only when perUser is set', async () => {
    const alice: User = { login: 'alice', name: '', email: '', role: 'Viewer' };
    const bob: User = { login: 'bob', name: '', email: '', role: 'Viewer' };
    const shared = counter();
    const scoped = counter();
    const runShared = cache()(shared.fn);
    const runScoped = cache({ perUser: true })(scoped.fn);
    const clock = fakeContext().clock;
    for (const user of [alice, bob]) {
      await runShared(dataQuery({ q: 1 }), fakeContext({ user, clock }));
      await runScoped(dataQuery({ q: 1 }), fakeContext({ user, clock }));
    }
    expect(shared.calls()).toBe(1);
    expect(scoped.calls()).toBe(2);
  });

  it('bypasses the cache for "cache": false or X-Cache-Skip, and refreshes the entry', async () => {
    const up = counter();
    const run = cache()(up.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 'x' }), ctx);
    expect(values(await run(dataQuery({ q: 'x', cache: false }), ctx))).toEqual([2]);
    const skip = fakeContext({ headers: { 'http_X-Cache-Skip': 'true' }, clock: ctx.clock });
    expect(values(await run(dataQuery({ q: 'x' }), skip))).toEqual([3]);
    // The forced refresh replaced the entry that others now get.
    expect(values(await run(dataQuery({ q: 'x' }), ctx))).toEqual([3]);
    expect(up.calls()).toBe(3);
  });

  it('never stores errors', async () => {
    const up = counter({ fail: true });
    const run = cache()(up.fn);
    const ctx = fakeContext();
    await expect(run(dataQuery({ q: 'x' }), ctx)).rejects.toThrow('upstream failed 1');
    await expect(run(dataQuery({ q: 'x' }), ctx)).rejects.toThrow('upstream failed 2');
  });

  it('does not store partial results or results with error notices', async () => {
    const partial = counter({
      result: (n) => ({
        frames: [frameOf([n])],
        notices: [
          { severity: 'warning', text: 'Partial result — complete data unavailable: page 2 failed.' },
        ],
      }),
    });
    const run = cache()(partial.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 'x' }), ctx);
    await run(dataQuery({ q: 'x' }), ctx);
    expect(partial.calls()).toBe(2);
  });

  it('keeps notices of the stored result (e.g. truncation) on a hit', async () => {
    const truncated = {
      severity: 'warning' as const,
      text: 'Result truncated: stopped after 100 pages (limit).',
    };
    const up = counter({ result: (n) => ({ frames: [frameOf([n])], notices: [truncated] }) });
    const run = cache()(up.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 'x' }), ctx);
    const hit = await run(dataQuery({ q: 'x' }), ctx);
    expect(hit.notices).toEqual([truncated, { severity: 'info', text: 'Cached result from 0 s ago' }]);
  });

  it('evicts the least recently used results to stay within maxBytes', async () => {
    const big = (n: number) => ({ frames: [frameOf(Array.from({ length: 1000 }, () => n))] });
    const up = counter({ result: big });
    const probe = cache();
    await probe(up.fn)(dataQuery({ q: 0 }), fakeContext());
    const oneEntry = probe.stats().bytes;
    expect(oneEntry).toBeGreaterThan(8000); // 1000 float64 values, encoded

    const mw = cache({ maxBytes: oneEntry * 2.5 });
    const run = mw(up.fn);
    const ctx = fakeContext();
    for (const q of [1, 2, 3]) await run(dataQuery({ q }), ctx);
    expect(mw.stats()).toMatchObject({ entries: 2 });
    expect(mw.stats().bytes).toBeLessThanOrEqual(oneEntry * 2.5);
    const before = up.calls();
    await run(dataQuery({ q: 3 }), ctx); // still cached
    await run(dataQuery({ q: 1 }), ctx); // evicted
    expect(up.calls()).toBe(before + 1);
  });

  it('does not store a result larger than maxBytes', async () => {
    const up = counter({ result: (n) => ({ frames: [frameOf(Array.from({ length: 1000 }, () => n))] }) });
    const mw = cache({ maxBytes: 1000 });
    const run = mw(up.fn);
    const ctx = fakeContext();
    await run(dataQuery({ q: 1 }), ctx);
    await run(dataQuery({ q: 1 }), ctx);
    expect(up.calls()).toBe(2);
    expect(mw.stats().entries).toBe(0);
  });

  it('coalesces concurrent identical queries into one upstream call, each with its own frames', async () => {
    let release!: () => void;
    let calls = 0;
    const fn: QueryFn = async (q) => {
      calls++;
      await new Promise<void>((r) => (release = r));
      return { frames: [frameOf([42], q.refId)] };
    };
    const mw = cache();
    const run = mw(fn);
    const ctx = fakeContext();
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => run(dataQuery({ q: 'x' }, `R${i}`), ctx)));
    await new Promise((r) => setImmediate(r));
    release();
    const results = await all;
    expect(calls).toBe(1);
    expect(results.map((r) => r.frames[0]?.refId)).toEqual(Array.from({ length: 10 }, (_, i) => `R${i}`));
    expect(new Set(results.map((r) => r.frames[0])).size).toBe(10);
    expect(results.every((r) => values(r)?.[0] === 42)).toBe(true);
    expect(mw.stats()).toMatchObject({ misses: 1, coalesced: 9 });
  });

  it('gives joiners the same error when the shared call fails', async () => {
    let reject!: (e: Error) => void;
    let calls = 0;
    const fn: QueryFn = () => {
      calls++;
      return new Promise<QueryResult>((_, rej) => (reject = rej));
    };
    const run = cache()(fn);
    const ctx = fakeContext();
    const a = run(dataQuery({ q: 'x' }), ctx);
    const b = run(dataQuery({ q: 'x' }), ctx);
    await new Promise((r) => setImmediate(r));
    reject(new Error('503 from upstream'));
    await expect(a).rejects.toThrow('503 from upstream');
    await expect(b).rejects.toThrow('503 from upstream');
    expect(calls).toBe(1);
  });

  it('lets a joiner run the query itself when the first query is cancelled', async () => {
    let calls = 0;
    const fn: QueryFn = async (_q, ctx: QueryContext) => {
      calls++;
      if (calls === 1) await untilAborted(ctx.signal);
      return { frames: [frameOf([calls])] };
    };
    const run = cache()(fn);
    const first = fakeContext();
    const second = fakeContext({ clock: first.clock });
    const a = run(dataQuery({ q: 'x' }), first);
    const b = run(dataQuery({ q: 'x' }), second);
    await new Promise((r) => setImmediate(r));
    first.cancel(new Error('panel closed'));
    await expect(a).rejects.toThrow('panel closed');
    expect(values(await b)).toEqual([2]);
  });

  it("stops a joiner's wait when its own signal aborts", async () => {
    const fn: QueryFn = (_q, ctx) => untilAborted(ctx.signal);
    const run = cache()(fn);
    const leader = fakeContext();
    const joiner = fakeContext({ clock: leader.clock });
    const a = run(dataQuery({ q: 'x' }), leader);
    const b = run(dataQuery({ q: 'x' }), joiner);
    joiner.cancel(new Error('joiner gone'));
    await expect(b).rejects.toThrow('joiner gone');
    leader.cancel(new Error('done'));
    await expect(a).rejects.toThrow('done');
  });

  it('never lets a caller change the cached copy', async () => {
    const up = counter();
    const run = cache()(up.fn);
    const ctx = fakeContext();
    const first = await run(dataQuery({ q: 'x' }), ctx);
    first.frames[0]!.fields[0]!.values[0] = 999;
    first.frames[0]!.meta = { notices: [{ severity: 'info', text: 'mutated' }] };
    const hit = await run(dataQuery({ q: 'x' }), ctx);
    expect(values(hit)).toEqual([1]);
    expect(hit.frames[0]?.meta?.notices).toBeUndefined();
  });

  it('rejects bad options when created', () => {
    expect(() => cache({ ttlMs: 0 })).toThrow('cache: ttlMs must be a positive number (got 0)');
    expect(() => cache({ maxBytes: -1 })).toThrow('maxBytes');
    expect(cache().middlewareName).toBe('cache');
  });
});
