import { createFakeClock } from '../clock';
import { DsError } from '../errors';
import type { Fetch, UpstreamResponse } from '../types';
import { composeUpstream } from './compose';
import { createFetch, type UpstreamFetch } from './create-fetch';
import { makeResponse } from './response';
import { tagErrors } from './tag-errors';
import { rejection, startTestServer, type TestServer } from './test-server';

const signal = () => new AbortController().signal;

describe('tagErrors against an HTTP upstream', () => {
  let server: TestServer;
  let bottom: UpstreamFetch;
  let fetch: Fetch;

  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const status = Number(u.pathname.slice(1)) || 200;
      const ra = u.searchParams.get('ra');
      if (ra !== null) res.setHeader('retry-after', ra);
      if (status === 429) res.setHeader('retry-after', '7');
      if (status === 503) res.setHeader('retry-after', 'Tue, 14 Nov 2023 22:13:40 GMT');
      if (status === 302) res.setHeader('location', '/elsewhere?token=SECRET');
      if (status === 400) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'unknown field "foo"' } }));
        return;
      }
      res.writeHead(status);
      res.end(status === 200 ? '{"ok":true}' : 'upstream says no');
    });
    bottom = createFetch({ baseUrl: server.url });
    // The fake clock starts at 1_700_000_000_000 = Tue, 14 Nov 2023 22:13:20 GMT.
    fetch = composeUpstream([tagErrors({ clock: createFakeClock() })], bottom);
  });

  afterAll(async () => {
    await bottom.close();
    await server.close();
  });

  const cases: [number, string, string, boolean][] = [
    [400, 'invalid_query', 'plugin', false],
    [401, 'authentication_failed', 'downstream', false],
    [403, 'authorization_failed', 'downstream', false],
    [404, 'not_found', 'downstream', false],
    [429, 'rate_limited', 'downstream', true],
    [500, 'server_error', 'downstream', true],
    [502, 'upstream_unavailable', 'downstream', true],
    [503, 'upstream_unavailable', 'downstream', true],
    [504, 'upstream_unavailable', 'downstream', true],
  ];

  it.each(cases)('maps HTTP %i to %s (source %s)', async (status, category, source, retryable) => {
    const err = (await rejection(fetch({ url: `/${status}?key=SECRET`, signal: signal() }))) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe(category);
    expect(err.source).toBe(source);
    expect(err.retryable).toBe(retryable);
    expect(err.details).toMatchObject({
      upstreamStatus: status,
      url: `${server.url}/${status}`,
      method: 'GET',
    });
    expect(JSON.stringify(err)).not.toContain('SECRET');
  });

  it("takes a 429's Retry-After seconds into retryAfterMs", async () => {
    const err = (await rejection(fetch({ url: '/429', signal: signal() }))) as DsError;
    expect(err.retryAfterMs).toBe(7000);
    expect(err.suggestion).toBe('Try again in 7 s.');
  });

  it("takes a 503's Retry-After date into retryAfterMs using the clock", async () => {
    const err = (await rejection(fetch({ url: '/503', signal: signal() }))) as DsError;
    expect(err.retryAfterMs).toBe(20_000);
  });

  it.each([500, 502, 504])(
    'leaves retryAfterMs unset for an HTTP %i without a wait header, also in the wire payload',
    async (status) => {
      const err = (await rejection(fetch({ url: `/${status}`, signal: signal() }))) as DsError;
      expect(err.retryAfterMs).toBeUndefined();
      expect(err.toJSON()).not.toHaveProperty('retryAfterMs');
    },
  );

  it('keeps a Retry-After of 0 as 0 (the upstream said "now")', async () => {
    const err = (await rejection(fetch({ url: '/502?ra=0', signal: signal() }))) as DsError;
    expect(err.retryAfterMs).toBe(0);
    expect(err.toJSON().retryAfterMs).toBe(0);
  });

  it("quotes the upstream's reason from a JSON error body", async () => {
    const err = (await rejection(fetch({ url: '/400', signal: signal() }))) as DsError;
    expect(err.message).toBe('The upstream rejected the query: unknown field "foo".');
  });

  it('passes 2xx responses through untouched', async () => {
    const res = await fetch({ url: '/200', signal: signal() });
    expect(res.json()).toEqual({ ok: true });
  });

  it('reports a redirect as bad_response naming the target without its query', async () => {
    const err = (await rejection(fetch({ url: '/302', signal: signal() }))) as DsError;
    expect(err.category).toBe('bad_response');
    expect(err.message).toBe(
      `The upstream redirected ${server.url}/302 to ${server.url}/elsewhere (HTTP 302); redirects are not followed.`,
    );
    expect(JSON.stringify(err)).not.toContain('SECRET');
  });
});

describe('tagErrors with errors thrown below it', () => {
  const ok: UpstreamResponse = makeResponse(200, {}, new Uint8Array(), 'http://u/x');

  it('classifies a plain transport error through DsError.from', async () => {
    const below: Fetch = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const err = (await rejection(tagErrors()(below)({ url: 'http://u:1/x', signal: signal() }))) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe('upstream_unavailable');
  });

  it('passes a DsError through as the same object', async () => {
    const original = new DsError('not_found');
    const below: Fetch = async () => {
      throw original;
    };
    await expect(tagErrors()(below)({ url: 'http://u/x', signal: signal() })).rejects.toBe(original);
  });

  it("rethrows the caller's abort reason unchanged", async () => {
    const ac = new AbortController();
    const reason = new Error('cancelled by Grafana');
    ac.abort(reason);
    const below: Fetch = async (req) => {
      throw req.signal.reason;
    };
    await expect(tagErrors()(below)({ url: 'http://u/x', signal: ac.signal })).rejects.toBe(reason);
  });

  it('returns the response of a 2xx as the same object', async () => {
    const below: Fetch = async () => ok;
    await expect(tagErrors()(below)({ url: 'http://u/x', signal: signal() })).resolves.toBe(ok);
  });
});
