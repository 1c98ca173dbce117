import { CancelledError, DeadlineExceededError, pluginError } from '@dsforge/backend';

import { CATEGORY_INFO, ERROR_CATEGORIES, type ErrorCategory } from './categories';
import { DsError, dsError } from './ds-error';
import { isCancellation, isDsError } from './index';

const table: [ErrorCategory, number, 'plugin' | 'downstream', boolean][] = [
  ['authentication_failed', 401, 'downstream', false],
  ['authorization_failed', 403, 'downstream', false],
  ['invalid_query', 400, 'plugin', false],
  ['not_found', 404, 'downstream', false],
  ['rate_limited', 429, 'downstream', true],
  ['timeout', 504, 'downstream', true],
  ['upstream_unavailable', 503, 'downstream', true],
  ['server_error', 500, 'downstream', true],
  ['bad_response', 502, 'downstream', false],
  ['circuit_open', 503, 'plugin', true],
  ['internal', 500, 'plugin', false],
  ['cancelled', 499, 'downstream', false],
];

describe('DsError categories', () => {
  it('covers every category of the closed set exactly once in this test table', () => {
    expect(table.map((r) => r[0]).sort()).toEqual([...ERROR_CATEGORIES].sort());
  });

  it.each(table)('%s has status %d, source %s and retryable %s', (category, status, source, retryable) => {
    const e = dsError(category);
    expect(e).toBeInstanceOf(Error);
    expect(e.category).toBe(category);
    expect(e.status).toBe(status);
    expect(e.source).toBe(source);
    expect(e.errorSource).toBe(source);
    expect(e.retryable).toBe(retryable);
  });

  it.each(ERROR_CATEGORIES.map((c) => [c]))(
    '%s has a message and a suggestion that are sentences',
    (category) => {
      const e = dsError(category);
      expect(e.message).toMatch(/^[A-Z].*[.!]$/);
      expect(e.suggestion).toMatch(/^[A-Z].*[.!]$/);
      expect(e.message).toBe(CATEGORY_INFO[category].message);
    },
  );

  it('tells the user credentials might be expired and to contact an admin on authentication failure', () => {
    expect(dsError('authentication_failed').userMessage).toBe(
      'Datasource authentication failed. Credentials might be expired. Contact an admin to refresh them.',
    );
  });

  it('names the configured figure in a timeout message', () => {
    expect(dsError('timeout', { timeoutMs: 30_000 }).userMessage).toBe(
      'Query took too long (>30s, the configured limit). Reduce the time range or add filters.',
    );
    expect(dsError('timeout', { timeoutMs: 1500 }).message).toContain('>1.5s');
    expect(dsError('timeout', { timeoutMs: 250 }).message).toContain('>250ms');
    expect(dsError('timeout', { timeoutMs: 30_000 }).details).toEqual({ timeoutMs: 30_000 });
  });

  it('says when a rate-limited query may be retried', () => {
    const e = dsError('rate_limited', { retryAfterMs: 2400 });
    expect(e.retryAfterMs).toBe(2400);
    expect(e.suggestion).toBe('Try again in 3 s.');
  });

  it('says when an open circuit will be tried again', () => {
    expect(dsError('circuit_open', { retryAfterMs: 5000 }).message).toBe(
      'Datasource temporarily unavailable, retrying in 5 s.',
    );
  });

  it('adds the correlation id to an internal error shown to the user', () => {
    const e = dsError('internal', { correlationId: 'c0ffee12' });
    expect(e.userMessage).toContain('correlation id c0ffee12');
    expect(dsError('invalid_query', { correlationId: 'c0ffee12' }).userMessage).not.toContain('c0ffee12');
  });

  it('keeps the given message, suggestion, details and cause', () => {
    const cause = new Error('inner');
    const e = dsError('invalid_query', {
      message: 'The metric name is missing.',
      suggestion: 'Pick a metric.',
      details: { field: 'metric' },
      cause,
    });
    expect(e.message).toBe('The metric name is missing.');
    expect(e.suggestion).toBe('Pick a metric.');
    expect(e.details).toEqual({ field: 'metric' });
    expect(e.cause).toBe(cause);
  });

  it('never serialises the cause or the stack', () => {
    const secret = 'canary-s3cr3t-token';
    const e = dsError('authentication_failed', {
      cause: new Error(`token ${secret} rejected`),
      correlationId: 'abc',
      retryAfterMs: 10,
    });
    const json = JSON.stringify(e);
    expect(json).not.toContain(secret);
    expect(json).not.toContain('stack');
    expect(JSON.parse(json)).toEqual({
      v: 1,
      category: 'authentication_failed',
      message: 'Datasource authentication failed. Credentials might be expired.',
      suggestion: 'Contact an admin to refresh them.',
      retryable: false,
      retryAfterMs: 10,
      correlationId: 'abc',
    });
    expect(Object.keys(e)).not.toContain('cause');
  });

  it('is recognised by shape, whichever copy of the kit made it', () => {
    const copy = JSON.parse(JSON.stringify({ ...dsError('not_found'), message: 'x', name: 'DsError' }));
    expect(isDsError(dsError('not_found'))).toBe(true);
    expect(isDsError(copy)).toBe(true);
    expect(isDsError(new Error('x'))).toBe(false);
    expect(
      isDsError({
        category: 'nope',
        status: 1,
        source: 'plugin',
        message: '',
        suggestion: '',
        retryable: false,
      }),
    ).toBe(false);
    const rebuilt = DsError.from(copy);
    expect(rebuilt).toBeInstanceOf(DsError);
    expect(rebuilt.category).toBe('not_found');
  });

  it('returns a DsError from DsError.from unchanged, stamping a missing correlation id', () => {
    const e = dsError('bad_response');
    expect(DsError.from(e, { correlationId: 'id1' })).toBe(e);
    expect(e.correlationId).toBe('id1');
    expect(DsError.from(e, { correlationId: 'id2' }).correlationId).toBe('id1');
  });
});

describe('DsError.from on abort reasons', () => {
  it('classifies a DOMException TimeoutError as timeout naming the configured figure', () => {
    const e = DsError.from(new DOMException('The operation timed out.', 'TimeoutError'), {
      timeoutMs: 30_000,
    });
    expect(e.category).toBe('timeout');
    expect(e.message).toBe('Query took too long (>30s, the configured limit).');
  });

  it('classifies what AbortSignal.timeout aborts with as timeout', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(DsError.from(signal.reason).category).toBe('timeout');
  });

  it("classifies the backend's DeadlineExceededError as timeout", () => {
    expect(DsError.from(new DeadlineExceededError()).category).toBe('timeout');
  });

  it("keeps the backend's CancelledError as a cancellation, not a timeout", () => {
    const e = DsError.from(new CancelledError());
    expect(e.category).toBe('cancelled');
    expect(e.retryable).toBe(false);
    expect(isCancellation(new CancelledError())).toBe(true);
    expect(isCancellation(new DeadlineExceededError())).toBe(false);
  });

  it('classifies an AbortError by the reason of the signal that aborted', () => {
    const ac = new AbortController();
    ac.abort(new DeadlineExceededError());
    const abortError = new DOMException('This operation was aborted', 'AbortError');
    expect(DsError.from(abortError, { signal: ac.signal }).category).toBe('timeout');
    expect(DsError.from(abortError).category).toBe('cancelled');
  });

  it('classifies an unrelated failure after the signal aborted by the abort reason', () => {
    const ac = new AbortController();
    ac.abort(new DOMException('timed out', 'TimeoutError'));
    expect(
      DsError.from(new Error('socket hang up'), { signal: ac.signal, timeoutMs: 5000 }).message,
    ).toContain('>5s');
  });
});

describe('DsError.from on transport errors', () => {
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    ['ECONNREFUSED', 'upstream_unavailable'],
    ['ECONNRESET', 'upstream_unavailable'],
    ['ENOTFOUND', 'upstream_unavailable'],
    ['EAI_AGAIN', 'upstream_unavailable'],
    ['EHOSTUNREACH', 'upstream_unavailable'],
    ['UND_ERR_SOCKET', 'upstream_unavailable'],
    ['UND_ERR_CLOSED', 'upstream_unavailable'],
    ['ETIMEDOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'bad_response'],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'bad_response'],
    ['CERT_HAS_EXPIRED', 'upstream_unavailable'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'upstream_unavailable'],
  ])('classifies code %s as %s', (code, category) => {
    expect(DsError.from(withCode(code)).category).toBe(category);
  });

  it("finds the code in fetch's TypeError cause and names the host, never the query string", () => {
    const err = new TypeError('fetch failed', {
      cause: withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
    });
    const e = DsError.from(err, { url: 'http://api.example.com:8080/v1/q?api_key=canary' });
    expect(e.category).toBe('upstream_unavailable');
    expect(e.message).toBe(
      'The upstream at api.example.com:8080 could not be reached: the connection was refused.',
    );
    expect(e.cause).toBe(err);
    expect(JSON.stringify(e)).not.toContain('canary');
    expect(e.details).toEqual({ code: 'ECONNREFUSED', url: 'http://api.example.com:8080/v1/q' });
  });

  it("finds the code inside an AggregateError's errors (happy eyeballs)", () => {
    const agg = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(DsError.from(new TypeError('fetch failed', { cause: agg })).category).toBe('upstream_unavailable');
  });

  it('finds a DsError deep in a cause chain', () => {
    const inner = dsError('rate_limited', { retryAfterMs: 1000 });
    expect(DsError.from(new Error('wrapped', { cause: new Error('again', { cause: inner }) })).category).toBe(
      'rate_limited',
    );
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(DsError.from(a).category).toBe('internal');
  });

  it('classifies anything else as internal and keeps it as the cause', () => {
    for (const thrown of [new Error('boom'), 'a string', 42, null, undefined, { weird: true }]) {
      const e = DsError.from(thrown);
      expect(e.category).toBe('internal');
      expect(e.message).toBe('The datasource plugin failed unexpectedly.');
      expect(e.cause).toBe(thrown === undefined ? undefined : thrown);
    }
  });

  it('survives objects whose getters throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
      },
    );
    expect(DsError.from(hostile).category).toBe('internal');
  });

  it("keeps the author's message of a backend PluginError with a status", () => {
    const e = DsError.from(pluginError('metric name is required', 400));
    expect(e.category).toBe('invalid_query');
    expect(e.message).toBe('metric name is required.');
    expect(e.source).toBe('plugin');
  });

  it("treats a backend PluginError with a 5xx as the plugin's own bug, keeping its message", () => {
    const e = DsError.from(pluginError('the cache file is corrupt'));
    expect(e.category).toBe('internal');
    expect(e.message).toBe('the cache file is corrupt.');
    expect(e.source).toBe('plugin');
  });

  it('classifies an error carrying an HTTP status by the status', () => {
    expect(DsError.from(Object.assign(new Error('x'), { statusCode: 503 })).category).toBe(
      'upstream_unavailable',
    );
    expect(DsError.from(Object.assign(new Error('x'), { status: 401 })).category).toBe(
      'authentication_failed',
    );
  });
});
