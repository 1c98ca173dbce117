import { errorFromHttpStatus } from './http-status';

describe('errorFromHttpStatus', () => {
  it.each([
    [400, 'invalid_query'],
    [401, 'authentication_failed'],
    [403, 'authorization_failed'],
    [404, 'not_found'],
    [405, 'internal'],
    [408, 'timeout'],
    [409, 'invalid_query'],
    [413, 'internal'],
    [422, 'invalid_query'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [501, 'internal'],
    [502, 'upstream_unavailable'],
    [503, 'upstream_unavailable'],
    [504, 'upstream_unavailable'],
    [507, 'server_error'],
  ])('maps HTTP %d to %s', (status, category) => {
    const e = errorFromHttpStatus(status);
    expect(e.category).toBe(category);
    expect(e.details).toMatchObject({ upstreamStatus: status });
  });

  it("puts the upstream's reason for a 422 into the message", () => {
    const e = errorFromHttpStatus(422, {
      url: 'https://api.example.com/v1/query?token=canary',
      bodySnippet: JSON.stringify({ error: { message: 'unknown field "cpu_load"' } }),
    });
    expect(e.category).toBe('invalid_query');
    expect(e.status).toBe(400);
    expect(e.source).toBe('plugin');
    expect(e.message).toBe('The upstream rejected the query: unknown field "cpu_load".');
    expect(e.details).toEqual({
      upstreamStatus: 422,
      url: 'https://api.example.com/v1/query',
      upstreamMessage: 'unknown field "cpu_load"',
    });
    expect(JSON.stringify(e)).not.toContain('canary');
  });

  it('shortens a long plain-text body', () => {
    const e = errorFromHttpStatus(400, { bodySnippet: 'x'.repeat(5000) });
    expect((e.details?.upstreamMessage as string).length).toBe(200);
  });

  it('carries Retry-After on a 429 and says when to retry', () => {
    const e = errorFromHttpStatus(429, { retryAfterMs: 7000 });
    expect(e.category).toBe('rate_limited');
    expect(e.retryable).toBe(true);
    expect(e.retryAfterMs).toBe(7000);
    expect(e.userMessage).toBe('The upstream is rate limiting requests. Try again in 7 s.');
  });

  it('says a 404 and where, without the query string', () => {
    const e = errorFromHttpStatus(404, { url: 'https://u:p@api.example.com/v1/things?key=canary' });
    expect(e.message).toBe(
      'The upstream has no such resource (HTTP 404 for https://api.example.com/v1/things).',
    );
  });
});
