import { Frame } from '@dsforge/backend';

import { DsError, dsError } from '../errors';
import { dataQuery, fakeContext } from '../query-test-helpers';
import { collectPartial, partialNotice, PartialResultError, partialResults } from './partial-results';
import { timeout } from './timeout';

const frame = (name: string) => new Frame({ name, fields: [{ name: 'v', type: 'float64', values: [1] }] });

describe('collectPartial', () => {
  it('returns the frames that succeeded plus a warning saying why the rest is missing', async () => {
    const ctx = fakeContext();
    const parts = collectPartial(ctx);
    for (const region of ['eu', 'us', 'ap']) {
      const f = await parts.attempt(region, async () => {
        if (region === 'us') throw dsError('upstream_unavailable');
        return frame(region);
      });
      if (f) parts.add(f);
    }
    const result = parts.result();
    expect(result.frames.map((f) => f.name)).toEqual(['eu', 'ap']);
    expect(result.notices).toEqual([
      {
        severity: 'warning',
        text: 'Partial result — complete data unavailable: The upstream could not be reached.',
      },
    ]);
    expect(ctx.logger.entries[0]).toMatchObject({
      level: 'warn',
      fields: { part: 'us', category: 'upstream_unavailable' },
    });
  });

  it('counts several failures in the reason', () => {
    const parts = collectPartial(fakeContext());
    parts.add(frame('a'));
    parts.fail(dsError('timeout', { timeoutMs: 1000 }), 'page 2');
    parts.fail(dsError('server_error'), 'page 3');
    expect(parts.result().notices?.[0]?.text).toBe(
      'Partial result — complete data unavailable: Query took too long (>1s, the configured limit). (2 parts failed, for different reasons)',
    );
  });

  it('is a plain failure when nothing succeeded, so it never reads as "no data"', () => {
    const parts = collectPartial(fakeContext());
    parts.fail(dsError('not_found'));
    expect(() => parts.result()).toThrow(DsError);
  });

  it('is a plain result when nothing failed', () => {
    const parts = collectPartial(fakeContext());
    parts.add(frame('a'));
    expect(parts.result()).toEqual({ frames: [frame('a')], notices: [] });
  });

  it('does not swallow a cancellation', async () => {
    const ctx = fakeContext();
    ctx.cancel();
    await expect(
      collectPartial(ctx).attempt('x', async () => {
        throw ctx.signal.reason;
      }),
    ).rejects.toBeDefined();
  });
});

describe('partialResults middleware', () => {
  it('keeps the pages read before the deadline and says the rest timed out', async () => {
    const ctx = fakeContext();
    const run = partialResults()(
      timeout({ defaultMs: 1000 })(async (_q, c) => {
        const parts = collectPartial(c);
        for (let page = 1; ; page++) {
          try {
            await c.clock.sleep(400, c.signal);
          } catch (e) {
            throw parts.stop(e);
          }
          parts.add(frame(`page${page}`));
        }
      }),
    );
    const p = run(dataQuery(), ctx);
    await ctx.clock.advance(1000);
    const result = await p;
    expect(result.frames.map((f) => f.name)).toEqual(['page1', 'page2']);
    expect(result.notices).toEqual([partialNotice('Query took too long (>1s, the configured limit).')]);
    expect(result.notices?.[0]?.text).toBe(
      'Partial result — complete data unavailable: Query took too long (>1s, the configured limit).',
    );
  });

  it('fails with the reason when no frames were kept', async () => {
    const err = await partialResults()(async () => {
      throw new PartialResultError([], dsError('server_error'));
    })(dataQuery(), fakeContext()).catch((e: unknown) => e);
    expect((err as DsError).category).toBe('server_error');
  });

  it('passes other errors through', async () => {
    const boom = new Error('boom');
    await expect(
      partialResults()(async () => {
        throw boom;
      })(dataQuery(), fakeContext()),
    ).rejects.toBe(boom);
  });
});
