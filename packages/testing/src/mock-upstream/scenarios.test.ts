/**
 * Every scenario builder and default route of the mock upstream, driven with fetch / undici.
 */
import { request } from 'undici';

import {
  echo,
  fixture,
  flaky,
  hang,
  hugeBody,
  latency,
  malformedJson,
  mockUpstream,
  reset,
  sequence,
  slowDrip,
  status,
  truncatedJson,
  type MockUpstream,
} from './index';

let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await mockUpstream({ drip: { everyMs: 10, total: 64 } });
});

afterEach(() => upstream.reset({ routes: true }));

afterAll(() => upstream.close());

const get = (path: string, init?: RequestInit) => fetch(upstream.url + path, init);

/** The error code behind a failed fetch (`ECONNRESET`, `UND_ERR_SOCKET`, ...). */
const causeCode = (e: unknown) => (e as { cause?: { code?: string } }).cause?.code;

describe('fixture', () => {
  it('sends JSON with a status and headers', async () => {
    upstream.route('GET', '/f', fixture({ a: 1 }, { status: 201, headers: { 'x-test': 'yes' } }));
    const res = await get('/f');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-test')).toBe('yes');
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('sends text as it is', async () => {
    upstream.route('GET', '/t', fixture('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } }));
    const res = await get('/t');
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(await res.text()).toBe('a,b\n1,2\n');
  });

  it('serves three rows at /ok and an empty array at /empty', async () => {
    expect(await (await get('/ok')).json()).toHaveLength(3);
    expect(await (await get('/empty')).json()).toEqual([]);
  });
});

describe('latency', () => {
  it('answers after the delay', async () => {
    upstream.route('GET', '/l', latency(40, fixture('late')));
    const t0 = Date.now();
    const res = await get('/l');
    expect(await res.text()).toBe('late');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('takes the delay from the path at /latency/:ms', async () => {
    const res = await get('/latency/20');
    expect(res.status).toBe(200);
    const [rec] = await upstream.waitForRequests(1, { settled: true });
    expect(rec?.durationMs).toBeGreaterThanOrEqual(15);
  });
});

describe('hang', () => {
  it('never answers, and logs that the client closed the connection', async () => {
    upstream.route('GET', '/h', hang());
    const ac = new AbortController();
    const pending = get('/h', { signal: ac.signal }).catch((e: Error) => e.name);
    await upstream.waitForRequests(1);
    expect(upstream.requests[0]?.durationMs).toBeUndefined();
    ac.abort();
    expect(await pending).toBe('AbortError');
    await upstream.settled();
    expect(upstream.requests[0]).toMatchObject({ path: '/h', closedEarly: true, abortedByServer: false });
    expect(upstream.requests[0]?.status).toBeUndefined();
  });

  it('is served at /hang', async () => {
    const err = await get('/hang', { signal: AbortSignal.timeout(50) }).catch((e: Error) => e.name);
    expect(err).toBe('TimeoutError');
    await upstream.settled();
    expect(upstream.requests[0]?.closedEarly).toBe(true);
  });
});

describe('slowDrip', () => {
  it('sends headers at once and the whole body slowly', async () => {
    upstream.route('GET', '/d', slowDrip({ chunk: 4, everyMs: 10, total: 40 }));
    const t0 = Date.now();
    const res = await get('/d');
    const headersAfter = Date.now() - t0;
    const body = (await res.json()) as { data: string };
    expect(body.data).toBe('x'.repeat(40));
    expect(Date.now() - t0).toBeGreaterThan(headersAfter);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(80);
    await upstream.settled();
    expect(upstream.requests[0]?.closedEarly).toBe(false);
  });

  it('stops dripping when the client gives up mid-body', async () => {
    const ac = new AbortController();
    const res = await get('/drip?total=100000', { signal: ac.signal });
    expect(res.status).toBe(200);
    ac.abort();
    await upstream.settled();
    expect(upstream.requests[0]).toMatchObject({ status: 200, closedEarly: true });
  });
});

describe('reset', () => {
  it('resets the connection: the client sees ECONNRESET', async () => {
    upstream.route('POST', '/r', reset());
    const err = await get('/r', { method: 'POST', body: 'x' }).catch((e) => e);
    expect(causeCode(err)).toBe('ECONNRESET');
    await upstream.settled();
    expect(upstream.requests[0]).toMatchObject({ body: 'x', closedEarly: true, abortedByServer: true });
  });

  it('is served at /reset', async () => {
    expect(causeCode(await get('/reset').catch((e) => e))).toBe('ECONNRESET');
  });
});

describe('status', () => {
  it.each([401, 403, 404, 500, 502, 504])('answers %i with a JSON error body', async (code) => {
    const res = await get(`/status/${code}`);
    expect(res.status).toBe(code);
    expect(await res.json()).toMatchObject({ status: code });
  });

  it('asks for bearer credentials on 401', async () => {
    expect((await get('/status/401')).headers.get('www-authenticate')).toContain('Bearer');
  });

  it('sends Retry-After on 429 and 503 (1 s by default, or ?retryAfter=)', async () => {
    expect((await get('/status/429')).headers.get('retry-after')).toBe('1');
    expect((await get('/status/503')).headers.get('retry-after')).toBe('1');
    expect((await get('/status/429?retryAfter=7')).headers.get('retry-after')).toBe('7');
    expect((await get('/status/500')).headers.get('retry-after')).toBeNull();
  });

  it('takes a Retry-After date and a custom body from the builder', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    upstream.route('GET', '/s', status(429, { retryAfter: date, body: 'slow down' }));
    const res = await get('/s');
    expect(res.headers.get('retry-after')).toBe(date);
    expect(await res.text()).toBe('slow down');
  });

  it('rejects a status that is not one', async () => {
    expect((await get('/status/abc')).status).toBe(400);
  });
});

describe('bad bodies', () => {
  it('malformedJson declares JSON but is not', async () => {
    upstream.route('GET', '/m', malformedJson());
    for (const path of ['/m', '/malformed']) {
      const res = await get(path);
      expect(res.headers.get('content-type')).toBe('application/json');
      await expect(res.json()).rejects.toThrow(/JSON/);
    }
  });

  it('truncatedJson ends the JSON text mid-value in a complete response', async () => {
    upstream.route('GET', '/t', truncatedJson());
    const res = await get('/t');
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(/JSON/);
  });

  it('truncatedJson with cut "connection" closes before the declared length', async () => {
    const res = await get('/truncated?cut=connection');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    await upstream.settled();
    expect(upstream.requests[0]).toMatchObject({ closedEarly: true, abortedByServer: true });
  });
});

describe('hugeBody', () => {
  it('streams exactly the asked number of bytes of valid JSON, chunked', async () => {
    upstream.route('GET', '/big', hugeBody(300_000));
    const res = await request(`${upstream.url}/big`);
    expect(res.headers['content-length']).toBeUndefined();
    const text = await res.body.text();
    expect(Buffer.byteLength(text)).toBe(300_000);
    expect((JSON.parse(text) as { data: string }).data).toHaveLength(300_000 - 11);
  });

  it('can declare content-length up front', async () => {
    const res = await request(`${upstream.url}/huge/1000?contentLength=true`);
    expect(res.headers['content-length']).toBe('1000');
    expect((await res.body.text()).length).toBe(1000);
  });

  it('stops streaming when the client closes after the first bytes', async () => {
    const ac = new AbortController();
    const res = await request(`${upstream.url}/huge/50000000`, { signal: ac.signal });
    for await (const _chunk of res.body) {
      ac.abort();
      break;
    }
    await upstream.settled();
    expect(upstream.requests[0]?.closedEarly).toBe(true);
  });
});

describe('flaky and sequence', () => {
  it('fails n times, then succeeds', async () => {
    upstream.route('GET', '/f', flaky(2, status(500), fixture('ok')));
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await get('/f')).status);
    expect(codes).toEqual([500, 500, 200, 200]);
  });

  it('counts per key at /flaky/:n and starts over after reset()', async () => {
    const codes = async (key: string) => [
      (await get(`/flaky/1?key=${key}`)).status,
      (await get(`/flaky/1?key=${key}`)).status,
    ];
    expect(await codes('a')).toEqual([503, 200]);
    expect(await codes('b')).toEqual([503, 200]);
    upstream.reset();
    expect(await codes('a')).toEqual([503, 200]);
    expect((await get('/flaky/1?key=c&status=502')).status).toBe(502);
  });

  it('sequence answers in order and repeats the last', async () => {
    upstream.route('GET', '/s', sequence(status(503), fixture('one'), fixture('two')));
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push(await (await get('/s')).text());
    expect(bodies.slice(1)).toEqual(['one', 'two', 'two']);
  });
});

describe('request log and routing', () => {
  it('records method, path, query, headers and body', async () => {
    await get('/echo?a=1&b=two', { method: 'PUT', headers: { 'x-api-key': 'k' }, body: '{"q":1}' });
    const [rec] = await upstream.waitForRequests(1, { settled: true });
    expect(rec).toMatchObject({
      id: 1,
      method: 'PUT',
      path: '/echo',
      query: { a: '1', b: 'two' },
      body: '{"q":1}',
      status: 200,
      closedEarly: false,
      tls: false,
    });
    expect(rec?.headers['x-api-key']).toBe('k');
    expect(rec?.at).toBeGreaterThan(0);
  });

  it('echo returns what was sent', async () => {
    upstream.route('POST', '/e', echo());
    const res = await get('/e?x=1', { method: 'POST', body: 'hi', headers: { 'x-h': 'v' } });
    expect(await res.json()).toMatchObject({ method: 'POST', path: '/e', query: { x: '1' }, body: 'hi' });
  });

  it('lets added routes win over the defaults, with :params', async () => {
    upstream.route('GET', '/ok', fixture('mine'));
    upstream.route('*', '/items/:id', (ex) => ex.send(200, { id: ex.params.id }));
    expect(await (await get('/ok')).text()).toBe('mine');
    expect(await (await get('/items/42')).json()).toEqual({ id: '42' });
  });

  it('answers 404 naming the request when nothing matches', async () => {
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no mock route for GET /nope' });
  });

  it('turns a throwing scenario into a 500 naming the problem', async () => {
    upstream.route('GET', '/bug', () => {
      throw new Error('oops');
    });
    const res = await get('/bug');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'mock scenario failed: oops' });
  });

  it('names what it saw when waitForRequests times out', async () => {
    await get('/ok');
    await expect(upstream.waitForRequests(2, { timeoutMs: 20 })).rejects.toThrow(
      'waitForRequests(2) timed out after 20 ms; the mock upstream saw 1 request(s): GET /ok',
    );
  });

  it('takes routes from the options', async () => {
    const other = await mockUpstream({ routes: { 'GET /x': fixture('x'), '/any': fixture('any') } });
    try {
      expect(await (await fetch(`${other.url}/x`)).text()).toBe('x');
      expect(await (await fetch(`${other.url}/any`, { method: 'DELETE' })).text()).toBe('any');
    } finally {
      await other.close();
    }
  });

  it('closes with requests still hanging', async () => {
    const other = await mockUpstream();
    const pending = fetch(`${other.url}/hang`).catch((e) => e);
    await other.waitForRequests(1);
    await other.close();
    // fetch errors come from another realm under jest: check the name, not the class.
    expect(await pending).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });
});
