import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { isDsError } from '../errors';
import { createUpstream, type UpstreamFetch } from '../upstream';
import { oauth2TokenExchange, TOKEN_EXCHANGE_GRANT } from './oauth2-token-exchange';
import { TOKEN_TYPE } from './subject-token';
import { ALICE, request, settingsOf } from './test-helpers';

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

function client(jsonData: Record<string, unknown> = {}) {
  const settings = settingsOf({
    url: upstream.url,
    jsonData: {
      oauth2TokenUrl: `${upstream.url}/oauth/token`,
      oauth2ClientId: 'mock-client',
      oauth2Audience: 'upstream-api',
      ...jsonData,
    },
    secrets: { oauth2ClientSecret: 'mock-secret' },
  });
  const fetch = createUpstream(settings, { middlewares: [oauth2TokenExchange(settings)] });
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

function tokenForms(): Record<string, string>[] {
  return upstream.requests
    .filter((r) => r.path === '/oauth/token')
    .map((r) => Object.fromEntries(new URLSearchParams(r.body)));
}

describe('oauth2TokenExchange', () => {
  it.each([
    ['grafanaIdToken', { 'http_X-Grafana-Id': 'grafana-id-jwt' }, 'grafana-id-jwt', TOKEN_TYPE.jwt],
    ['accessToken', { http_Authorization: 'Bearer user-access' }, 'user-access', TOKEN_TYPE.accessToken],
    ['idToken', { 'http_X-Id-Token': 'user-id-token' }, 'user-id-token', TOKEN_TYPE.idToken],
    [
      'accessToken',
      { authorization: 'bearer from-resource-call' },
      'from-resource-call',
      TOKEN_TYPE.accessToken,
    ],
  ] as const)(
    'with source %s and forwarded headers %j exchanges the token with its type',
    async (source, forwarded, token, type) => {
      const fetch = client({ tokenExchangeSubjectSource: source });
      const res = await fetch(request('/protected', { user: ALICE, forwarded }));
      expect(res.json<{ grant: string }>().grant).toBe('token_exchange');
      expect(tokenForms()).toEqual([
        expect.objectContaining({
          grant_type: TOKEN_EXCHANGE_GRANT,
          subject_token: token,
          subject_token_type: type,
          audience: 'upstream-api',
        }),
      ]);
    },
  );

  it('sends requested_token_type and resource when configured', async () => {
    const fetch = client({
      tokenExchangeRequestedTokenType: TOKEN_TYPE.accessToken,
      tokenExchangeResource: 'https://api.example/',
    });
    await fetch(request('/protected', { user: ALICE, forwarded: { 'http_X-Grafana-Id': 'jwt' } }));
    expect(tokenForms()[0]).toMatchObject({
      requested_token_type: TOKEN_TYPE.accessToken,
      resource: 'https://api.example/',
    });
  });

  it('caches per subject: one exchange per user however many queries, a new one for another user', async () => {
    const fetch = client();
    const as = (jwt: string) =>
      request('/protected', { user: ALICE, forwarded: { 'http_X-Grafana-Id': jwt } });
    await Promise.all(Array.from({ length: 20 }, () => fetch(as('jwt-alice'))));
    await fetch(as('jwt-alice'));
    expect(upstream.auth.tokenRequests).toBe(1);
    await fetch(as('jwt-bob'));
    expect(upstream.auth.tokenRequests).toBe(2);
  });

  it('exchanges again once for a 401, then succeeds', async () => {
    const fetch = client();
    const as = request('/protected', { user: ALICE, forwarded: { 'http_X-Grafana-Id': 'jwt' } });
    await fetch(as);
    upstream.auth.invalidateTokens();
    expect((await fetch(as)).status).toBe(200);
    expect(upstream.auth.tokenRequests).toBe(2);
  });

  it('uses the datasource identity for a query without a user when configured', async () => {
    const fetch = client({ tokenExchangeNoUser: 'clientCredentials' });
    const res = await fetch(request('/protected'));
    expect(res.json<{ grant: string }>().grant).toBe('client_credentials');
    expect(tokenForms()[0]).toMatchObject({ grant_type: 'client_credentials' });
  });

  it('explains that alerting queries have no user token when no service identity is set', async () => {
    const err = await failure(client()(request('/protected')));
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/runs without a signed-in user \(alerting/);
    expect(err.suggestion).toMatch(/jsonData.tokenExchangeNoUser to "clientCredentials"/);
    expect(upstream.requests).toHaveLength(0);
  });

  it('never falls back to the service identity for a user whose token was not forwarded', async () => {
    const fetch = client({
      tokenExchangeNoUser: 'clientCredentials',
      tokenExchangeSubjectSource: 'accessToken',
    });
    const err = await failure(
      fetch(request('/protected', { user: ALICE, forwarded: { http_Authorization: 'Basic eA==' } })),
    );
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/did not forward the user's OAuth access token/);
    expect(err.suggestion).toMatch(/Forward OAuth Identity/);
    expect(upstream.auth.tokenRequests).toBe(0);
  });

  it('names the subject token in no error when the identity provider refuses it', async () => {
    upstream.auth.configure({ acceptSubjectToken: () => false });
    const subject = 'canary-s3cr3t-subject-token';
    const err = await failure(
      client()(request('/protected', { user: ALICE, forwarded: { 'http_X-Grafana-Id': subject } })),
    );
    expect(isDsError(err) && err.category).toBe('authentication_failed');
    expect(err.message).toMatch(/token exchange token endpoint .* refused the request \(HTTP 400/);
    expect(JSON.stringify(err) + err.message).not.toContain(subject);
    upstream.auth.configure({ acceptSubjectToken: undefined });
  });

  it('refuses an unknown subject source and a service identity without a client secret', () => {
    const base = { oauth2TokenUrl: 'https://idp/token', oauth2ClientId: 'c' };
    expect(() =>
      oauth2TokenExchange(settingsOf({ jsonData: { ...base, tokenExchangeSubjectSource: 'cookie' } })),
    ).toThrow(
      /jsonData.tokenExchangeSubjectSource must be one of "grafanaIdToken", "accessToken", "idToken"/,
    );
    expect(() =>
      oauth2TokenExchange(settingsOf({ jsonData: { ...base, tokenExchangeNoUser: 'clientCredentials' } })),
    ).toThrow(/secureJsonData.oauth2ClientSecret/);
    expect(() => oauth2TokenExchange(settingsOf({ jsonData: base }))).not.toThrow();
  });
});
