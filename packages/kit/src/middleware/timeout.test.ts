import { CancelledError, DeadlineExceededError, Frame } from '@dsforge/backend';

import { DsError } from '../errors';
import { pluginContext, dataQuery, fakeContext, settings, untilAborted } from '../query-test-helpers';
import type { QueryContext, QueryFn } from '../types';
import { PartialResultError } from './partial-results';
import { effectiveTimeout, timeout } from './timeout';

const hang: QueryFn = (_q, ctx) => untilAborted(ctx.signal);

describe('effectiveTimeout', () => {
  const ctx = (jsonData: Record<string, unknown> = {}, remaining = Number.POSITIVE_INFINITY) => ({
    plugin: pluginContext(settings(jsonData)),
    remainingMs: () => remaining,
  });

  it('is the default without settings', () => {
    expect(effectiveTimeout({}, ctx(), { defaultMs: 30_000 })).toEqual({ ms: 30_000, source: 'configured' });
    expect(effectiveTimeout({}, ctx())).toEqual({ ms: 30_000, source: 'configured' });
  });

  it("reads the datasource's jsonData timeout in seconds, Grafana's convention", () => {
    expect(effectiveTimeout({}, ctx({ timeout: 5 }))).toEqual({ ms: 5000, source: 'configured' });
    expect(effectiveTimeout({}, ctx({ timeout: '12' }))).toEqual({ ms: 12_000, source: 'configured' });
    expect(effectiveTimeout({}, ctx({ timeout: 0 }))).toEqual({ ms: 30_000, source: 'configured' });
    expect(effectiveTimeout({}, ctx({ timeout: 'soon' }))).toEqual({ ms: 30_000, source: 'configured' });
  });

  it('lets a query shorten the limit with timeoutMs, never lengthen it', () => {
    expect(effectiveTimeout({ timeoutMs: 2000 }, ctx())).toEqual({ ms: 2000, source: 'query' });
    expect(effectiveTimeout({ timeoutMs: 90_000 }, ctx())).toEqual({ ms: 30_000, source: 'configured' });
  });

  it("keeps 250 ms back from Grafana's deadline when that is the nearest", () => {
    expect(effectiveTimeout({}, ctx({}, 10_000))).toEqual({ ms: 9750, source: 'grafana' });
    expect(effectiveTimeout({}, ctx({}, 100))).toEqual({ ms: 0, source: 'grafana' });
  });
});

describe('timeout middleware', () => {
  it('aborts the signal at the deadline and fails with a timeout naming the configured figure', async () => {
    const ctx = fakeContext();
    let seen: AbortSignal | undefined;
    const run = timeout({ defaultMs: 30_000 })((q, c) => {
      seen = c.signal;
      return hang(q, c);
    });
    const p = run(dataQuery(), ctx);
    const outcome = p.catch((e: unknown) => e);
    await ctx.clock.advance(29_999);
    expect(seen?.aborted).toBe(false);
    await ctx.clock.advance(1);
    const err = (await outcome) as DsError;
    expect(seen?.aborted).toBe(true);
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe('timeout');
    expect(err.userMessage).toBe(
      'Query took too long (>30s, the configured limit). Reduce the time range or add filters.',
    );
  });

  it("names the datasource's own setting when it is the limit", async () => {
    const ctx = fakeContext({ plugin: pluginContext(settings({ timeout: 5 })) });
    const p = timeout()(hang)(dataQuery(), ctx).catch((e: unknown) => e);
    await ctx.clock.advance(5000);
    expect(((await p) as DsError).message).toBe('Query took too long (>5s, the configured limit).');
  });

  it("says Grafana's deadline when that ends the query first", async () => {
    const ctx = fakeContext({ remainingMs: () => 2250 });
    const p = timeout()(hang)(dataQuery(), ctx).catch((e: unknown) => e);
    await ctx.clock.advance(2000);
    const err = (await p) as DsError;
    expect(err.category).toBe('timeout');
    expect(err.message).toBe('Query took too long (>2s, the time Grafana allows for this request).');
  });

  it('narrows remainingMs for the middlewares and query inside', async () => {
    const ctx = fakeContext();
    let inner: QueryContext | undefined;
    const p = timeout({ defaultMs: 1000 })(async (_q, c) => {
      inner = c;
      await c.clock.sleep(400, c.signal);
      return { frames: [] };
    })(dataQuery(), ctx);
    expect(inner?.remainingMs()).toBe(1000);
    await ctx.clock.advance(400);
    await p;
    expect(inner?.remainingMs()).toBe(600);
  });

  it('reports a cancellation by Grafana as cancelled, not as a timeout', async () => {
    const ctx = fakeContext();
    const p = timeout()(hang)(dataQuery(), ctx).catch((e: unknown) => e);
    ctx.cancel(new CancelledError());
    const err = (await p) as DsError;
    expect(err.category).toBe('cancelled');
  });

  it("reports Grafana's own deadline abort as a timeout", async () => {
    const ctx = fakeContext();
    const p = timeout()(hang)(dataQuery(), ctx).catch((e: unknown) => e);
    ctx.cancel(new DeadlineExceededError());
    expect(((await p) as DsError).category).toBe('timeout');
  });

  it('waits for the query function to settle: nothing keeps running behind the answer', async () => {
    const ctx = fakeContext();
    const events: string[] = [];
    const p = timeout({ defaultMs: 100 })(async (_q, c) => {
      try {
        await untilAborted(c.signal);
      } finally {
        events.push('cleanup started');
        await Promise.resolve();
        events.push('cleanup done');
      }
      return { frames: [] };
    })(dataQuery(), ctx).catch(() => events.push('answered'));
    await ctx.clock.advance(100);
    await p;
    expect(events).toEqual(['cleanup started', 'cleanup done', 'answered']);
  });

  it('returns results and errors untouched when no limit is hit', async () => {
    const ctx = fakeContext();
    const frames = [new Frame({ name: 'x', fields: [] })];
    await expect(timeout()(async () => ({ frames }))(dataQuery(), ctx)).resolves.toEqual({ frames });
    const boom = new Error('boom');
    await expect(
      timeout()(async () => {
        throw boom;
      })(dataQuery(), ctx),
    ).rejects.toBe(boom);
  });

  it('puts its timeout into a partial result thrown at the deadline', async () => {
    const ctx = fakeContext();
    const frame = new Frame({ name: 'page1', fields: [] });
    const p = timeout({ defaultMs: 1000 })(async (_q, c) => {
      try {
        await untilAborted(c.signal);
      } catch (e) {
        throw new PartialResultError([frame], e);
      }
      return { frames: [] };
    })(dataQuery(), ctx).catch((e: unknown) => e);
    await ctx.clock.advance(1000);
    const err = (await p) as PartialResultError;
    expect(err).toBeInstanceOf(PartialResultError);
    expect((err.reason as DsError).message).toBe('Query took too long (>1s, the configured limit).');
  });
});
