import { encodeFrame, decodeFrame } from '@dsforge/backend';

import { dsError } from './ds-error';
import { describeCause, errorLogFields, errorResponse } from './wire';

describe('wire format of a failed query', () => {
  it('is the user sentence, status, error source and one zero-row frame with the v1 payload and an error notice', () => {
    const e = dsError('timeout', {
      timeoutMs: 30_000,
      correlationId: 'k1x9',
      cause: new Error('secret-cause'),
    });
    const res = errorResponse(e, 'A');
    expect(res.error).toBe(
      'Query took too long (>30s, the configured limit). Reduce the time range or add filters.',
    );
    expect(res.status).toBe(504);
    expect(res.errorSource).toBe('downstream');
    expect(res.frames).toHaveLength(1);
    const frame = res.frames![0]!;
    expect(frame.rowCount).toBe(0);
    expect(frame.refId).toBe('A');
    expect(frame.meta?.custom?.dsforgeError).toEqual({
      v: 1,
      category: 'timeout',
      message: 'Query took too long (>30s, the configured limit).',
      suggestion: 'Reduce the time range or add filters.',
      retryable: true,
      correlationId: 'k1x9',
      details: { timeoutMs: 30_000 },
    });
    expect(frame.meta?.notices).toEqual([{ severity: 'error', text: res.error }]);
  });

  it('encodes to Arrow and back without the cause', () => {
    const e = dsError('internal', { correlationId: 'c1', cause: new Error('canary-secret') });
    const frame = errorResponse(e, 'B').frames![0]!;
    const bytes = encodeFrame(frame);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('canary-secret');
    const back = decodeFrame(bytes);
    expect((back.meta?.custom?.dsforgeError as { category: string }).category).toBe('internal');
  });

  it('logs category, correlation id and the cause chain', () => {
    const e = dsError('upstream_unavailable', {
      correlationId: 'c2',
      cause: new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' }),
      }),
    });
    const fields = errorLogFields(e);
    expect(fields).toMatchObject({ category: 'upstream_unavailable', correlationId: 'c2', status: 503 });
    expect(fields.cause).toContain('TypeError: fetch failed <- Error [ECONNREFUSED]: connect refused');
    expect(describeCause('plain')).toBe('plain');
  });
});
