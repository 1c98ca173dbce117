import { dataQuery, fakeContext } from '../query-test-helpers';
import { cacheKey, cacheSkipped, stableStringify } from './cache-key';

describe('cache keys', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(stableStringify({ b: [{ y: 1, x: 2 }], a: undefined, c: 1n })).toBe(
      '{"b":[{"x":2,"y":1}],"c":"1n"}',
    );
  });

  it('start with the datasource uid and ignore volatile fields', () => {
    const ctx = fakeContext();
    const k1 = cacheKey(dataQuery({ q: 1, refId: 'A', hide: false }), ctx);
    const k2 = cacheKey(dataQuery({ q: 1, refId: 'B' }), ctx);
    expect(k1).toBe(k2);
    expect(k1.startsWith('ds-uid:')).toBe(true);
    expect(cacheKey(dataQuery({ q: 1, extra: 'x' }), ctx, { volatileFields: ['extra'] })).toBe(k1);
  });

  it('recognise the bypass flag and the Grafana header in any case', () => {
    expect(cacheSkipped({ cache: false }, {})).toBe(true);
    expect(cacheSkipped({ cache: true }, {})).toBe(false);
    expect(cacheSkipped({}, { 'http_x-cache-skip': 'TRUE' })).toBe(true);
    expect(cacheSkipped({}, { 'http_X-Cache-Skip': 'false' })).toBe(false);
  });
});
