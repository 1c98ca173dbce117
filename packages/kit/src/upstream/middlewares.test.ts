import type { Fetch, UpstreamRequest } from '../types';
import { forwardHeaders } from './forward-headers';
import type { FetchRequest } from './request-options';
import { makeResponse } from './response';
import { responseLimit } from './response-limit';
import { DEFAULT_USER_AGENT, userAgent } from './user-agent';
import pkg from '../../package.json';

const signal = () => new AbortController().signal;

/** A bottom that records the request it gets. */
function recorder(): { fetch: Fetch; last: () => FetchRequest } {
  let seen: UpstreamRequest | undefined;
  return {
    fetch: async (req) => {
      seen = req;
      return makeResponse(200, {}, new Uint8Array(), req.url);
    },
    last: () => seen as FetchRequest,
  };
}

describe('userAgent', () => {
  it('sends dsforge/<version> (Grafana plugin) by default', async () => {
    const r = recorder();
    await userAgent()(r.fetch)({ url: 'http://u', signal: signal() });
    expect(DEFAULT_USER_AGENT).toBe(`dsforge/${pkg.version} (Grafana plugin)`);
    expect(r.last().headers).toEqual({ 'user-agent': DEFAULT_USER_AGENT });
  });

  it("keeps a request's own User-Agent whatever its case", async () => {
    const r = recorder();
    await userAgent('mine/1')(r.fetch)({
      url: 'http://u',
      headers: { 'User-Agent': 'custom' },
      signal: signal(),
    });
    expect(r.last().headers).toEqual({ 'User-Agent': 'custom' });
  });

  it('returns next unchanged for an empty value', () => {
    const r = recorder();
    expect(userAgent('')(r.fetch)).toBe(r.fetch);
  });
});

describe('responseLimit', () => {
  it('sets the limit on requests, keeping a lower one already set', async () => {
    const r = recorder();
    const fetch = responseLimit(1000)(r.fetch);
    await fetch({ url: 'http://u', signal: signal() });
    expect(r.last().maxResponseBytes).toBe(1000);
    await fetch({ url: 'http://u', signal: signal(), maxResponseBytes: 10 } as FetchRequest);
    expect(r.last().maxResponseBytes).toBe(10);
  });

  it('returns next unchanged when there is no limit', () => {
    const r = recorder();
    expect(responseLimit(Infinity)(r.fetch)).toBe(r.fetch);
  });
});

describe('forwardHeaders', () => {
  it("copies Grafana's http_-prefixed header to the upstream under its own name", async () => {
    const r = recorder();
    await forwardHeaders(['X-Request-Id'])(r.fetch)({
      url: 'http://u',
      signal: signal(),
      context: {
        headers: { 'http_X-Request-Id': 'req-1', http_Authorization: 'Bearer user' },
        correlationId: 'c',
      } as unknown as UpstreamRequest['context'],
    });
    expect(r.last().headers).toEqual({ 'X-Request-Id': 'req-1' });
  });

  it('keeps a header the request already sets', async () => {
    const r = recorder();
    await forwardHeaders(['x-request-id'])(r.fetch)({
      url: 'http://u',
      headers: { 'X-Request-Id': 'own' },
      signal: signal(),
      context: { headers: { 'x-request-id': 'grafana' } } as unknown as UpstreamRequest['context'],
    });
    expect(r.last().headers).toEqual({ 'X-Request-Id': 'own' });
  });

  it('returns next unchanged for an empty list', () => {
    const r = recorder();
    expect(forwardHeaders([])(r.fetch)).toBe(r.fetch);
  });
});
