import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { isDsError } from '../errors';
import { createUpstream, type UpstreamFetch } from '../upstream';
import { loginToken, valueAtPath } from './login-token';
import { request, settingsOf } from './test-helpers';

let upstream: MockUpstream;
const clients: UpstreamFetch[] = [];

beforeAll(async () => {
  upstream = await mockUpstream();
});
afterEach(async () => {
  upstream.reset({ routes: true });
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(() => upstream.close());

function client(jsonData: Record<string, unknown> = {}, password = 'mock-password') {
  const settings = settingsOf({ url: upstream.url, user: 'mock-user', jsonData, secrets: { password } });
  const fetch = createUpstream(settings, { middlewares: [loginToken(settings)] });
  clients.push(fetch);
  return fetch;
}

async function failure(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a failure');
}

describe('loginToken', () => {
  it('logs in once for many concurrent queries and sends the token as a bearer token', async () => {
    const fetch = client();
    const answers = await Promise.all(Array.from({ length: 30 }, () => fetch(request('/protected'))));
    expect(answers.every((r) => r.json<{ grant: string }>().grant === 'login')).toBe(true);
    expect(upstream.auth.loginRequests).toBe(1);
    const login = upstream.requests.find((r) => r.path === '/login')!;
    expect(login.method).toBe('POST');
    expect(JSON.parse(login.body)).toEqual({ username: 'mock-user', password: 'mock-password' });
  });

  it('logs in again exactly once on a 401 and then succeeds', async () => {
    const fetch = client();
    await fetch(request('/protected'));
    upstream.auth.invalidateTokens();
    expect((await fetch(request('/protected'))).status).toBe(200);
    expect(upstream.auth.loginRequests).toBe(2);
  });

  it('logs in again exactly once on a 401 and then fails with authentication_failed', async () => {
    upstream.route('GET', '/always-401', (ex) => ex.send(401, { error: 'no' }));
    const fetch = client();
    const err = await failure(fetch(request('/always-401')));
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/rejected the session token right after a fresh login/);
    expect(upstream.auth.loginRequests).toBe(2);
    expect(upstream.requests.filter((r) => r.path === '/always-401')).toHaveLength(2);
  });

  it('reports refused credentials as authentication_failed without the password', async () => {
    const password = 'canary-s3cr3t-login';
    const err = await failure(client({}, password)(request('/protected')));
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/login endpoint \/login refused the request \(HTTP 401/);
    expect(err.suggestion).toMatch(/user name and password/);
    expect(JSON.stringify(err) + err.message).not.toContain(password);
    expect(upstream.auth.loginRequests).toBe(1);
  });

  it('reads the token from a JSON path and sends it in a configured header, form-encoded login', async () => {
    upstream.route('POST', '/api/session', (ex) => ex.send(200, { data: { session: { key: 'sess-1' } } }));
    upstream.route('GET', '/data', (ex) => ex.send(200, { got: ex.headers['x-session'] ?? null }));
    const fetch = client({
      loginPath: '/api/session',
      loginBodyFormat: 'form',
      loginUsernameField: 'user',
      loginTokenPath: 'data.session.key',
      loginTokenHeader: 'X-Session',
    });
    const res = await fetch(request('/data'));
    expect(res.json()).toEqual({ got: 'sess-1' });
    const login = upstream.requests.find((r) => r.path === '/api/session')!;
    expect(login.body).toBe('user=mock-user&password=mock-password');
  });

  it('says where it looked when the login answer has no token there', async () => {
    upstream.route('POST', '/login', (ex) => ex.send(200, { access: 'x', user: 'u' }));
    const err = await failure(client()(request('/data')));
    expect(err.message).toMatch(/without a token at "token" \(its answer has: access, user\)/);
    expect(err.suggestion).toMatch(/jsonData.loginTokenPath/);
  });

  it('names a missing password or user name at creation', () => {
    expect(() => loginToken(settingsOf({ user: 'u' }))).toThrow(/secureJsonData.password is empty/);
    expect(() => loginToken(settingsOf({ secrets: { password: 'p' } }))).toThrow(/user name is empty/);
  });
});

describe('valueAtPath', () => {
  it('walks objects and arrays by dotted path', () => {
    expect(valueAtPath({ a: [{ b: 'x' }] }, 'a.0.b')).toBe('x');
    expect(valueAtPath({ a: 1 }, 'a.b')).toBeUndefined();
  });
});
