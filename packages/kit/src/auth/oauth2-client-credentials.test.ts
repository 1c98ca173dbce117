import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { createFakeClock } from '../clock';
import { isDsError } from '../errors';
import { createUpstream, type UpstreamFetch } from '../upstream';
import { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2-client-credentials';
import { refreshAt } from './token-cache';
import { recordingFetch, request, response, settingsOf } from './test-helpers';

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

function client(
  jsonData: Record<string, unknown> = {},
  secret = 'mock-secret',
  opts: OAuth2ClientCredentialsOptions = {},
) {
  const settings = settingsOf({
    url: upstream.url,
    jsonData: { oauth2TokenUrl: `${upstream.url}/oauth/token`, oauth2ClientId: 'mock-client', ...jsonData },
    secrets: { oauth2ClientSecret: secret },
  });
  const fetch = createUpstream(settings, { middlewares: [oauth2ClientCredentials(settings, opts)] });
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

describe('oauth2ClientCredentials', () => {
  it('makes exactly one token request for 50 concurrent queries', async () => {
    const fetch = client();
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(request('/protected'))));
    expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(upstream.auth.tokenRequests).toBe(1);
    expect(answers[0]!.json<{ grant: string }>().grant).toBe('client_credentials');
  });

  it('posts a form with the grant, scopes and audience', async () => {
    const fetch = client({ oauth2Scopes: 'read, write', oauth2Audience: 'https://api.example' });
    await fetch(request('/protected'));
    const tokenCall = upstream.requests.find((r) => r.path === '/oauth/token')!;
    expect(tokenCall.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenCall.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'read write',
      audience: 'https://api.example',
      client_id: 'mock-client',
      client_secret: 'mock-secret',
    });
  });

  it('authenticates the client with HTTP Basic when oauth2ClientAuth is basic', async () => {
    const fetch = client({ oauth2ClientAuth: 'basic' });
    expect((await fetch(request('/protected'))).status).toBe(200);
    const tokenCall = upstream.requests.find((r) => r.path === '/oauth/token')!;
    expect(tokenCall.headers.authorization).toMatch(/^Basic /);
    expect(tokenCall.body).not.toContain('client_secret');
  });

  it('reuses the token until expires_in − 60 s on the clock, then fetches a new one', async () => {
    const clock = createFakeClock();
    const fetch = client({}, 'mock-secret', { clock });
    await fetch(request('/protected'));
    await clock.advance(3600_000 - 60_000 - 1_000);
    await fetch(request('/protected'));
    expect(upstream.auth.tokenRequests).toBe(1);
    await clock.advance(2_000);
    await fetch(request('/protected'));
    expect(upstream.auth.tokenRequests).toBe(2);
  });

  it('on a 401 forgets the token and retries once with a fresh one (one refresh for 50 queries)', async () => {
    const fetch = client();
    await fetch(request('/protected'));
    upstream.auth.invalidateTokens();
    const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(request('/protected'))));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(upstream.auth.tokenRequests).toBe(2);
  });

  it('fails with authentication_failed when a fresh token is refused too', async () => {
    upstream.route('GET', '/always-401', (ex) => ex.send(401, { error: 'nope' }));
    const fetch = client();
    const err = await failure(fetch(request('/always-401')));
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/rejected a freshly issued OAuth2 client-credentials token/);
    expect(upstream.auth.tokenRequests).toBe(2);
    expect(upstream.requests.filter((r) => r.path === '/always-401')).toHaveLength(2);
  });

  it('says what the token endpoint answered when it refuses, never the secret', async () => {
    const secret = 'canary-s3cr3t-cc-wrong';
    const fetch = client({}, secret);
    const err = await failure(fetch(request('/protected')));
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toContain(
      `token endpoint ${upstream.url}/oauth/token refused the request (HTTP 401: invalid_client)`,
    );
    expect(err.suggestion).toMatch(/client secret/);
    expect(JSON.stringify(err) + err.message + String(err.stack)).not.toContain(secret);
  });

  it('includes the OAuth error_description, with secrets scrubbed', async () => {
    const secret = 'canary-s3cr3t-echoed';
    upstream.route('POST', '/oauth/token', (ex) =>
      ex.send(400, { error: 'invalid_scope', error_description: `scope not allowed for ${secret}` }),
    );
    // Through createUpstream, tagErrors (below auth) has already reduced the body to one reason.
    const err = await failure(client({}, secret)(request('/protected')));
    expect(err.message).toContain('(HTTP 400: scope not allowed for [redacted])');
    expect(JSON.stringify(err)).not.toContain(secret);
  });

  it('names both the OAuth error and its description when it sees the raw answer', async () => {
    const settings = settingsOf({
      jsonData: { oauth2TokenUrl: 'https://idp.example/token?tenant=x', oauth2ClientId: 'c' },
      secrets: { oauth2ClientSecret: 'canary-s3cr3t-raw' },
    });
    const { fetch } = recordingFetch((req) =>
      req.url.startsWith('https://idp.example')
        ? response(400, { error: 'invalid_scope', error_description: 'scope "x" is unknown' })
        : response(200),
    );
    const err = await failure(oauth2ClientCredentials(settings)(fetch)(request('/data')));
    expect(err.message).toBe(
      'The OAuth2 client credentials token endpoint https://idp.example/token refused the request ' +
        '(HTTP 400: invalid_scope: scope "x" is unknown).',
    );
    expect(err.details).toMatchObject({ tokenEndpoint: 'https://idp.example/token', upstreamStatus: 400 });
  });

  it('keeps an Authorization header set by an earlier layer and asks for no token', async () => {
    const fetch = client();
    const res = await fetch(request('/echo', { headers: { Authorization: 'Bearer outer' } }));
    expect(res.status).toBe(200);
    expect(upstream.auth.tokenRequests).toBe(0);
  });

  it('names a missing setting when the provider is created', () => {
    const settings = settingsOf({
      jsonData: { oauth2TokenUrl: 'https://idp/token' },
      secrets: { oauth2ClientSecret: 's' },
    });
    expect(() => oauth2ClientCredentials(settings)).toThrow(/jsonData.oauth2ClientId is empty/);
    const noSecret = settingsOf({ jsonData: { oauth2TokenUrl: 'https://idp/token', oauth2ClientId: 'c' } });
    expect(() => oauth2ClientCredentials(noSecret)).toThrow(/secureJsonData.oauth2ClientSecret/);
    const relative = settingsOf({
      jsonData: { oauth2TokenUrl: '/token', oauth2ClientId: 'c' },
      secrets: { oauth2ClientSecret: 's' },
    });
    expect(() => oauth2ClientCredentials(relative)).toThrow(/absolute http\(s\) URL/);
  });
});

describe('refreshAt', () => {
  it('is expires_in − 60 s, half the lifetime for short tokens, and never for tokens without expiry', () => {
    expect(refreshAt(0, 3600)).toBe(3_540_000);
    expect(refreshAt(0, 60)).toBe(30_000);
    expect(refreshAt(0, undefined)).toBe(Infinity);
  });
});
