import { readDsforgeError } from './readDsforgeError';

const payload = {
  v: 1,
  category: 'rate_limited',
  message: 'The upstream is rate limiting requests.',
  suggestion: 'Wait a moment and try again.',
  retryable: true,
  retryAfterMs: 12_500,
  correlationId: 'c-123',
  details: { limit: 10 },
};

/** The zero-row frame the kit sends, as a DataFrame and as frame JSON. */
const frame = (p: unknown = payload, refId = 'A') => ({
  refId,
  name: 'error',
  fields: [],
  length: 0,
  meta: { custom: { dsforgeError: p } },
});
const frameJson = (p: unknown = payload) => ({
  schema: { refId: 'A', meta: { custom: { dsforgeError: p } }, fields: [] },
  data: { values: [] },
});

describe('readDsforgeError', () => {
  it('reads the kit payload from a DataFrame list', () => {
    expect(readDsforgeError([frame()])).toEqual({
      category: 'rate_limited',
      label: 'Rate limited',
      message: 'The upstream is rate limiting requests.',
      suggestion: 'Wait a moment and try again.',
      retryable: true,
      retryAfterMs: 12_500,
      correlationId: 'c-123',
      details: { limit: 10 },
      refId: 'A',
      structured: true,
    });
  });

  it('reads frame JSON and PanelData, adding the status of the matching query error', () => {
    expect(readDsforgeError([frameJson()])?.category).toBe('rate_limited');
    const panel = { series: [frame()], errors: [{ refId: 'A', message: 'x', status: 429 }] };
    expect(readDsforgeError(panel)).toMatchObject({ category: 'rate_limited', status: 429 });
  });

  it('only returns the error of the given refId', () => {
    const panel = { series: [frame(payload, 'B')], errors: [{ refId: 'B', message: 'm' }] };
    expect(readDsforgeError(panel, 'A')).toBeUndefined();
    expect(readDsforgeError(panel, 'B')?.category).toBe('rate_limited');
  });

  it('falls back to a plain DataQueryError, naming the category from its status', () => {
    expect(readDsforgeError({ message: 'got 401 from /v1/orders', status: 401 })).toMatchObject({
      category: 'authentication_failed',
      label: 'Authentication failed',
      message: 'got 401 from /v1/orders',
      structured: false,
    });
    expect(readDsforgeError({ data: [], error: { message: 'boom' } })).toMatchObject({
      label: 'Query failed',
      message: 'boom',
    });
    expect(readDsforgeError('plain text')).toMatchObject({ message: 'plain text' });
  });

  it('ignores frames without a valid version-1 payload and results without errors', () => {
    expect(readDsforgeError([frame({ ...payload, v: 2 })])).toBeUndefined();
    expect(readDsforgeError([frame({ category: 'timeout' })])).toBeUndefined();
    expect(readDsforgeError({ series: [{ fields: [], length: 3 }] })).toBeUndefined();
    expect(readDsforgeError(undefined)).toBeUndefined();
  });

  it('labels categories from a newer kit generically', () => {
    expect(
      readDsforgeError([frame({ v: 1, category: 'quota_exceeded', message: 'm', retryable: false })])?.label,
    ).toBe('Query failed');
  });
});
