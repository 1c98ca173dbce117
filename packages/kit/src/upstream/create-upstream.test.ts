import { DataSourceSettings } from '@dsforge/backend';

import { DsError } from '../errors';
import { upstreamMiddleware, type UpstreamMiddleware } from '../types';
import { createUpstream } from './create-upstream';
import type { UpstreamFetch } from './create-fetch';
import { DEFAULT_USER_AGENT } from './user-agent';
import { rejection, startTestServer, type TestServer } from './test-server';

const signal = () => new AbortController().signal;

function settings(url: string, jsonData: Record<string, unknown> = {}): DataSourceSettings {
  return DataSourceSettings.fromWire({
    id: 1,
    uid: 'ds1',
    name: 'Upstream',
    url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: Buffer.from(JSON.stringify(jsonData)),
    decryptedSecureJsonData: {},
    lastUpdatedMS: 0,
    apiVersion: '',
  });
}

describe('createUpstream', () => {
  let server: TestServer;
  let upstream: UpstreamFetch | undefined;

  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/api/slow') return void setTimeout(() => res.end('{}'), 2000).unref();
      if (req.url === '/api/secret') {
        res.writeHead(req.headers.authorization === 'Bearer good' ? 200 : 401);
        return void res.end('{}');
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, ua: req.headers['user-agent'] }));
    });
  });
  afterEach(async () => {
    await upstream?.close();
    upstream = undefined;
  });
  afterAll(() => server.close());

  it("resolves paths against the datasource URL and sends dsforge's User-Agent", async () => {
    upstream = createUpstream(settings(`${server.url}/api`));
    const res = await upstream({ url: 'things', signal: signal() });
    expect(res.json()).toEqual({ url: '/api/things', ua: DEFAULT_USER_AGENT });
  });

  it("takes the total timeout from jsonData.timeout (seconds, also as a string) over the plugin's", async () => {
    upstream = createUpstream(settings(`${server.url}/api`, { timeout: '0.2' }), {
      timeouts: { totalMs: 60_000 },
    });
    const err = (await rejection(upstream({ url: 'slow', signal: signal() }))) as DsError;
    expect(err.category).toBe('timeout');
    expect(err.details).toMatchObject({ timeout: 'total', timeoutMs: 200 });
  });

  it("uses the plugin's timeouts when jsonData has none", async () => {
    upstream = createUpstream(settings(`${server.url}/api`), { timeouts: { totalMs: 150 } });
    const err = (await rejection(upstream({ url: 'slow', signal: signal() }))) as DsError;
    expect(err.details).toMatchObject({ timeoutMs: 150 });
  });

  it('puts auth middlewares between the user agent and error tagging, so auth sees a 401 as a DsError', async () => {
    const seen: unknown[] = [];
    const auth = (token: string): UpstreamMiddleware =>
      upstreamMiddleware('auth', (next) => async (req) => {
        try {
          return await next({ ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } });
        } catch (err) {
          seen.push(err);
          throw err;
        }
      });
    let order: string[] = [];
    upstream = createUpstream(settings(`${server.url}/api`), {
      middlewares: [auth('bad')],
      configure: (defaults) => {
        order = defaults.map((m) => m.middlewareName);
        return defaults;
      },
    });
    expect(order).toEqual(['userAgent', 'auth', 'tagErrors']);
    const err = (await rejection(upstream({ url: 'secret', signal: signal() }))) as DsError;
    expect(err.category).toBe('authentication_failed');
    expect(seen[0]).toBeInstanceOf(DsError);
  });

  it('lets configure edit the list, and refuses duplicate names', () => {
    const s = settings(server.url);
    expect(() => createUpstream(s, { configure: (d) => [...d, d[0]!] })).toThrow(
      'Upstream middleware "userAgent" appears twice',
    );
  });

  it('returns non-2xx as DsErrors by default', async () => {
    upstream = createUpstream(settings(`${server.url}/api`));
    const err = (await rejection(upstream({ url: 'secret', signal: signal() }))) as DsError;
    expect(err.status).toBe(401);
  });
});
