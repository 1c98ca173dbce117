import * as kit from './index';

describe('@dsforge/kit public API', () => {
  it('exports the pipeline, errors and every layer a datasource author needs', () => {
    for (const name of [
      'createDatasource',
      'DsError',
      'dsError',
      'isDsError',
      'errorFromHttpStatus',
      'collectPartial',
      'defaultQueryMiddlewares',
      'defaultUpstreamMiddlewares',
      'composeQuery',
      'timeout',
      'categorizeErrors',
      'retry',
      'circuitBreaker',
      'concurrencyLimit',
      'rateLimit',
      'retryStorm',
      'cache',
      'createUpstream',
      'authFromSettings',
      'jsonToFrame',
      'createFakeClock',
    ]) {
      expect(typeof (kit as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('builds the default query middlewares in the documented order', () => {
    expect(
      kit.middlewareNames(
        kit.defaultQueryMiddlewares({ cache: {}, rateLimit: { perUser: { ratePerSec: 1, burst: 1 } } }),
      ),
    ).toEqual([
      'categorizeErrors',
      'partialResults',
      'timeout',
      'cache',
      'retryStorm',
      'rateLimit',
      'concurrencyLimit',
      'circuitBreaker',
      'retry',
    ]);
  });
});
