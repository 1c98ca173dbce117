import { composeQuery, MiddlewareChainError, middlewareNames } from './query-middleware';
import { dataQuery, fakeContext } from './query-test-helpers';
import { queryMiddleware, type QueryMiddleware } from './types';

function recorder(name: string, log: string[]): QueryMiddleware {
  return queryMiddleware(name, (next) => async (q, ctx) => {
    log.push(`${name} before`);
    try {
      return await next(q, ctx);
    } finally {
      log.push(`${name} after`);
    }
  });
}

describe('composeQuery', () => {
  it('runs the first middleware outermost and the query function in the middle', async () => {
    const log: string[] = [];
    const run = composeQuery([recorder('a', log), recorder('b', log), recorder('c', log)], async () => {
      log.push('query');
      return { frames: [] };
    });
    await run(dataQuery(), fakeContext());
    expect(log).toEqual(['a before', 'b before', 'c before', 'query', 'c after', 'b after', 'a after']);
  });

  it('runs the query function alone with no middlewares', async () => {
    const run = composeQuery([], async () => ({ frames: [], notices: [{ severity: 'info', text: 'x' }] }));
    expect((await run(dataQuery(), fakeContext())).notices).toHaveLength(1);
  });

  it('rejects a repeated middleware name when the chain is built, naming both positions', () => {
    const log: string[] = [];
    const build = () =>
      composeQuery([recorder('retry', log), recorder('timeout', log), recorder('retry', log)], async () => ({
        frames: [],
      }));
    expect(build).toThrow(MiddlewareChainError);
    expect(build).toThrow('query middleware "retry" appears twice (#1 and #3)');
    expect(log).toEqual([]);
  });

  it('rejects an entry that is not a named middleware', () => {
    const plain = ((next: unknown) => next) as unknown as QueryMiddleware;
    expect(() => composeQuery([plain], async () => ({ frames: [] }))).toThrow(
      'query middleware #1 is not a named middleware; build it with queryMiddleware(name, wrap)',
    );
  });

  it('lists the names in order', () => {
    expect(middlewareNames([recorder('x', []), recorder('y', [])])).toEqual(['x', 'y']);
  });
});
