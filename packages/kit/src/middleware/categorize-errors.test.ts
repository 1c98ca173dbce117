import { Frame } from '@dsforge/backend';

import { DsError, dsError } from '../errors';
import { dataQuery, fakeContext } from '../query-test-helpers';
import { categorizeErrors, NO_DATA_NOTICE, reportQueryError } from './categorize-errors';

const rows = (n: number) =>
  new Frame({ name: 'f', fields: [{ name: 'v', type: 'float64', values: Array(n).fill(1) }] });

describe('categorizeErrors', () => {
  it('turns a handler crash into an internal DsError with the correlation id, logged once with its cause', async () => {
    const ctx = fakeContext({ correlationId: 'abcd1234' });
    const run = categorizeErrors()(async () => {
      throw new Error('boom');
    });
    const err = (await run(dataQuery(), ctx).catch((e: unknown) => e)) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe('internal');
    expect(err.userMessage).toBe(
      "The datasource plugin failed unexpectedly. Report this to the plugin's maintainers with the correlation id. (correlation id abcd1234)",
    );
    expect(ctx.logger.entries).toHaveLength(1);
    const [entry] = ctx.logger.entries;
    expect(entry).toMatchObject({ level: 'error', msg: 'query failed' });
    expect(entry!.fields).toMatchObject({ refId: 'A', category: 'internal', correlationId: 'abcd1234' });
    expect(entry!.fields.cause).toContain('Error: boom');
  });

  it('keeps a DsError thrown below and logs it at warn when the upstream caused it', async () => {
    const ctx = fakeContext();
    const thrown = dsError('rate_limited', { retryAfterMs: 3000 });
    const err = await categorizeErrors()(async () => {
      throw thrown;
    })(dataQuery(), ctx).catch((e: unknown) => e);
    expect(err).toBe(thrown);
    expect(thrown.correlationId).toBe('corr1234');
    expect(ctx.logger.entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('logs a cancellation at debug only', async () => {
    const ctx = fakeContext();
    ctx.cancel();
    await categorizeErrors()(async (_q, c) => {
      throw c.signal.reason;
    })(dataQuery(), ctx).catch(() => undefined);
    expect(ctx.logger.entries.map((e) => [e.level, e.msg])).toEqual([['debug', 'query cancelled']]);
  });

  it('does not log the same error twice', () => {
    const ctx = fakeContext();
    const e = reportQueryError(new Error('x'), ctx);
    expect(reportQueryError(e, ctx)).toBe(e);
    expect(ctx.logger.entries).toHaveLength(1);
  });

  it('adds the "No data" info notice to a result without frames or rows', async () => {
    const ctx = fakeContext();
    const empty = await categorizeErrors()(async () => ({ frames: [] }))(dataQuery(), ctx);
    expect(empty.notices).toEqual([NO_DATA_NOTICE]);
    expect(NO_DATA_NOTICE).toEqual({ severity: 'info', text: 'No data: the query returned no rows' });
    const zeroRows = await categorizeErrors()(async () => ({ frames: [rows(0), rows(0)] }))(dataQuery(), ctx);
    expect(zeroRows.notices).toEqual([NO_DATA_NOTICE]);
  });

  it('leaves a result with rows alone', async () => {
    const result = { frames: [rows(0), rows(2)] };
    expect(await categorizeErrors()(async () => result)(dataQuery(), fakeContext())).toBe(result);
  });

  it('reports a query function that returns no frames object as internal', async () => {
    const err = (await categorizeErrors()((async () => undefined) as never)(dataQuery(), fakeContext()).catch(
      (e: unknown) => e,
    )) as DsError;
    expect(err.category).toBe('internal');
  });
});
