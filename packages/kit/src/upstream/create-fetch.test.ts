import type { ServerResponse } from 'node:http';

import { errors as undiciErrors } from 'undici';

import { createFakeClock } from '../clock';
import { DsError } from '../errors';
import { createFetch, type UpstreamFetch } from './create-fetch';
import type { FetchRequest } from './request-options';
import { closedPort, rejection, startTestServer, type TestServer } from './test-server';

const BIG = 8 * 1024 * 1024;
const signal = () => new AbortController().signal;

function drip(res: ServerResponse, everyMs = 20): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const t = setInterval(() => res.write(' '), everyMs);
  res.on('close', () => clearInterval(t));
}

describe('createFetch', () => {
  let server: TestServer;
  let fetch: UpstreamFetch;
  const timers: NodeJS.Timeout[] = [];

  beforeEach(async () => {
    server = await startTestServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.endsWith('/late')) {
        timers.push(setTimeout(() => res.end('{}'), 1000));
      } else if (path === '/drip') {
        drip(res);
      } else if (path === '/hang') {
        // never answers
      } else if (path === '/big') {
        // Big enough to still be in flight when the client refuses it.
        res.writeHead(200, { 'content-length': String(BIG) });
        res.end(Buffer.alloc(BIG, 'x'));
      } else if (path === '/big-chunked') {
        res.writeHead(200);
        const t = setInterval(() => res.write('y'.repeat(512)), 5);
        res.on('close', () => clearInterval(t));
      } else if (path === '/malformed') {
        res.end('<html><body>Please log in</body></html>');
      } else if (path === '/truncated') {
        res.end('{"data":[1,2,3');
      } else if (path === '/reset') {
        req.socket.destroy();
      } else {
        res.setHeader('x-echo-method', req.method ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ path, url: req.url }));
      }
    });
  });

  afterEach(async () => {
    timers.forEach(clearTimeout);
    await fetch?.close();
    await server.close();
  });

  it('returns status, lowercase headers, the whole body, text and parsed JSON', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const res = await fetch({ url: '/hello', method: 'post', body: 'x', signal: signal() });
    expect(res.status).toBe(200);
    expect(res.headers['x-echo-method']).toBe('POST');
    expect(res.url).toBe(`${server.url}/hello`);
    expect(res.text()).toContain('"path":"/hello"');
    expect(res.json()).toEqual({ path: '/hello', url: '/hello' });
    expect(res.body.byteLength).toBe(res.text().length);
  });

  it('appends relative URLs to the base URL path and query parameters safely', async () => {
    fetch = createFetch({ baseUrl: `${server.url}/api/v1?fixed=1` });
    const req: FetchRequest = {
      url: '/series?x=1',
      query: { q: 'a&b=c', tag: ['t1', 't2'], skip: undefined, n: 5 },
      signal: signal(),
    };
    const res = await fetch(req);
    const { url } = res.json<{ url: string }>();
    expect(url.startsWith('/api/v1/series?')).toBe(true);
    const params = new URL(url, 'http://x').searchParams;
    expect(params.get('x')).toBe('1');
    expect(params.get('fixed')).toBe('1');
    expect(params.get('q')).toBe('a&b=c');
    expect(params.getAll('tag')).toEqual(['t1', 't2']);
    expect(params.has('skip')).toBe(false);
    expect(params.get('n')).toBe('5');
  });

  it('refuses a relative path that climbs out of the base URL path', async () => {
    fetch = createFetch({ baseUrl: `${server.url}/api/v1` });
    const err = await rejection(fetch({ url: '../../admin', signal: signal() }));
    expect(err).toBeInstanceOf(DsError);
    expect((err as DsError).category).toBe('invalid_query');
    expect(server.requests).toHaveLength(0);
  });

  it('uses absolute URLs as given', async () => {
    fetch = createFetch({ baseUrl: 'http://127.0.0.1:1/unused' });
    const res = await fetch({ url: `${server.url}/abs`, signal: signal() });
    expect(res.json()).toMatchObject({ path: '/abs' });
  });

  it('fails with a first-byte timeout when headers come late, and closes the socket', async () => {
    fetch = createFetch({ baseUrl: server.url, timeouts: { firstByteMs: 100, totalMs: 5000 } });
    const err = (await rejection(fetch({ url: '/late', signal: signal() }))) as DsError;
    expect(err).toBeInstanceOf(DsError);
    expect(err.category).toBe('timeout');
    expect(err.details).toMatchObject({ timeout: 'firstByte', timeoutMs: 100, url: `${server.url}/late` });
    expect(err.message).toContain('100ms, the configured first-byte timeout');
    await server.socketClosed();
  });

  it('catches a slow-drip body with the total timeout and closes the socket', async () => {
    fetch = createFetch({ baseUrl: server.url, timeouts: { totalMs: 250 } });
    const err = (await rejection(fetch({ url: '/drip', signal: signal() }))) as DsError;
    expect(err.category).toBe('timeout');
    expect(err.details).toMatchObject({ timeout: 'total', timeoutMs: 250 });
    expect(err.message).toContain('250ms, the configured total timeout');
    await server.socketClosed();
  });

  it('runs the total timeout on the injected clock, so a 30 s default needs no real wait', async () => {
    const clock = createFakeClock();
    fetch = createFetch({ baseUrl: server.url, clock });
    const pending = rejection(fetch({ url: '/hang', signal: signal() }));
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await clock.advance(30_000);
    const err = (await pending) as DsError;
    expect(err.category).toBe('timeout');
    expect(err.details).toMatchObject({ timeout: 'total', timeoutMs: 30_000 });
    await server.socketClosed();
  });

  it('takes per-request timeouts over the defaults', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const err = (await rejection(
      fetch({ url: '/hang', signal: signal(), timeouts: { firstByteMs: 80, totalMs: 10_000 } }),
    )) as DsError;
    expect(err.details).toMatchObject({ timeout: 'firstByte', timeoutMs: 80 });
  });

  it("rethrows the caller's abort reason unchanged and closes the socket", async () => {
    fetch = createFetch({ baseUrl: server.url });
    const ac = new AbortController();
    const reason = new Error('deadline of the query');
    setTimeout(() => ac.abort(reason), 100);
    const err = await rejection(fetch({ url: '/drip', signal: ac.signal }));
    expect(err).toBe(reason);
    await server.socketClosed();
  });

  it('does not send anything when the caller already aborted', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const ac = new AbortController();
    ac.abort(new Error('gone'));
    await expect(fetch({ url: '/x', signal: ac.signal })).rejects.toThrow('gone');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a body whose content-length is over the limit, naming the limit and URL', async () => {
    fetch = createFetch({ baseUrl: server.url, maxResponseBytes: 1024 });
    const err = (await rejection(fetch({ url: '/big?token=SECRET', signal: signal() }))) as DsError;
    expect(err.category).toBe('bad_response');
    expect(err.message).toBe(`The upstream response from ${server.url}/big is larger than the 1 KiB limit.`);
    expect(err.details).toMatchObject({ maxResponseBytes: 1024, contentLength: BIG });
    expect(JSON.stringify(err)).not.toContain('SECRET');
    await server.socketClosed();
  });

  it('stops reading a streamed body once it passes the limit and closes the socket', async () => {
    fetch = createFetch({ baseUrl: server.url, maxResponseBytes: 4096 });
    const err = (await rejection(fetch({ url: '/big-chunked', signal: signal() }))) as DsError;
    expect(err.category).toBe('bad_response');
    expect(err.message).toContain('4 KiB limit');
    await server.socketClosed();
  });

  it('applies the lower of the instance and request limits', async () => {
    fetch = createFetch({ baseUrl: server.url, maxResponseBytes: 1_000_000 });
    const req: FetchRequest = { url: '/big', signal: signal(), maxResponseBytes: 2048 };
    const err = (await rejection(fetch(req))) as DsError;
    expect(err.details).toMatchObject({ maxResponseBytes: 2048 });
  });

  it('reports malformed JSON as bad_response with a short snippet of the body', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const res = await fetch({
      url: '/malformed',
      signal: signal(),
      headers: { authorization: 'Bearer SECRET' },
    });
    const err = (await rejection(Promise.resolve().then(() => res.json()))) as DsError;
    expect(err.category).toBe('bad_response');
    expect(err.message).toBe(
      `The upstream sent invalid JSON from ${server.url}/malformed: a body starting "<html><body>Please log in</body></html>".`,
    );
    expect(JSON.stringify(err)).not.toContain('SECRET');
  });

  it('reports truncated JSON as bad_response', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const res = await fetch({ url: '/truncated', signal: signal() });
    expect(() => res.json()).toThrow(expect.objectContaining({ category: 'bad_response' }));
    expect(res.text()).toBe('{"data":[1,2,3');
  });

  it('reports a connection reset as upstream_unavailable', async () => {
    fetch = createFetch({ baseUrl: server.url });
    const err = (await rejection(fetch({ url: '/reset?api_key=SECRET', signal: signal() }))) as DsError;
    expect(err.category).toBe('upstream_unavailable');
    expect(err.source).toBe('downstream');
    expect(err.retryable).toBe(true);
    expect(JSON.stringify(err)).not.toContain('SECRET');
    expect(err.message).not.toContain('SECRET');
  });

  it('reports a refused connection as upstream_unavailable naming the host', async () => {
    const port = await closedPort();
    fetch = createFetch({ baseUrl: `http://127.0.0.1:${port}` });
    const err = (await rejection(fetch({ url: '/x', signal: signal() }))) as DsError;
    expect(err.category).toBe('upstream_unavailable');
    expect(err.message).toBe(
      `The upstream at 127.0.0.1:${port} could not be reached: the connection was refused.`,
    );
  });

  it('maps a connect timeout to timeout with details.timeout "connect"', async () => {
    fetch = createFetch({
      baseUrl: 'http://upstream.test',
      timeouts: { connectMs: 150 },
      connector: (_opts, callback) => {
        setTimeout(() => callback(new undiciErrors.ConnectTimeoutError(), null), 10);
      },
    });
    const err = (await rejection(fetch({ url: '/x', signal: signal() }))) as DsError;
    expect(err.category).toBe('timeout');
    expect(err.details).toMatchObject({ timeout: 'connect', timeoutMs: 150, url: 'http://upstream.test/x' });
    expect(err.message).toBe(
      'Could not connect to http://upstream.test/x in time (>150ms, the configured connect timeout).',
    );
  });

  it('asks for a base URL when given a relative URL without one', async () => {
    fetch = createFetch();
    const err = (await rejection(fetch({ url: '/x', signal: signal() }))) as DsError;
    expect(err.category).toBe('internal');
    expect(err.suggestion).toContain("datasource's URL");
  });
});
