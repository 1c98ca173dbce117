/**
 * The mock's OAuth2 token endpoint, login endpoint and protected route.
 */
import { mockUpstream, TOKEN_EXCHANGE_GRANT, type MockUpstream } from './index';

let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await mockUpstream({ auth: { clientId: 'cid', clientSecret: 's&cret' } });
});

afterEach(() => {
  upstream.reset({ routes: true });
  upstream.auth.configure({ expiresIn: 3600 });
});

afterAll(() => upstream.close());

const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${upstream.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const clientBasic = { authorization: basic('cid', encodeURIComponent('s&cret')) };

const protectedWith = (headers: Record<string, string>, query = '') =>
  fetch(`${upstream.url}/protected${query}`, { headers });

describe('/oauth/token', () => {
  it('issues a client-credentials token to a client authenticating with basic', async () => {
    const { status, body } = await token({ grant_type: 'client_credentials' }, clientBasic);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(upstream.auth.tokens[0]).toMatchObject({
      grant: 'client_credentials',
      clientId: 'cid',
      valid: true,
    });
    expect(upstream.auth.tokenRequests).toBe(1);
  });

  it('accepts client credentials in the body and a configured expires_in', async () => {
    upstream.auth.configure({ expiresIn: 90 });
    const { status, body } = await token({
      grant_type: 'client_credentials',
      client_id: 'cid',
      client_secret: 's&cret',
    });
    expect(status).toBe(200);
    expect(body.expires_in).toBe(90);
  });

  it('refuses a wrong client secret with invalid_client, and counts the request', async () => {
    const { status, body } = await token(
      { grant_type: 'client_credentials' },
      { authorization: basic('cid', 'nope') },
    );
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'invalid_client' });
    expect(upstream.auth.tokenRequests).toBe(1);
  });

  it('exchanges a subject token (RFC 8693) and records it', async () => {
    const { status, body } = await token(
      {
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: 'grafana-id-jwt',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
        audience: 'api',
      },
      clientBasic,
    );
    expect(status).toBe(200);
    expect(body.issued_token_type).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect(upstream.auth.tokens.at(-1)).toMatchObject({
      grant: 'token_exchange',
      subjectToken: 'grafana-id-jwt',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
      params: { audience: 'api' },
    });
  });

  it('rejects a token exchange without a subject token, or one the test refuses', async () => {
    expect((await token({ grant_type: TOKEN_EXCHANGE_GRANT }, clientBasic)).body.error).toBe(
      'invalid_request',
    );
    upstream.auth.configure({ acceptSubjectToken: (t) => t === 'good' });
    const refused = await token(
      { grant_type: TOKEN_EXCHANGE_GRANT, subject_token: 'bad', subject_token_type: 'x' },
      clientBasic,
    );
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_grant' }) });
    upstream.auth.configure({ acceptSubjectToken: undefined });
  });

  it('rejects other grant types', async () => {
    expect((await token({ grant_type: 'password' }, clientBasic)).body.error).toBe('unsupported_grant_type');
  });
});

describe('/login and /protected', () => {
  const login = (username: string, password: string) =>
    fetch(`${upstream.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });

  it('logs in, then the token opens /protected until tokens are invalidated', async () => {
    const res = await login('mock-user', 'mock-password');
    expect(res.status).toBe(200);
    const { token: t } = (await res.json()) as { token: string };
    const ok = await protectedWith({ authorization: `Bearer ${t}` });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, scheme: 'bearer', grant: 'login' });
    upstream.auth.invalidateTokens();
    const denied = await protectedWith({ authorization: `Bearer ${t}` });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toContain('Bearer');
    expect(upstream.auth.loginRequests).toBe(1);
  });

  it('refuses wrong login credentials', async () => {
    expect((await login('mock-user', 'wrong')).status).toBe(401);
  });

  it('accepts an OAuth token, an API key (header or query) and basic; refuses none', async () => {
    const { body } = await token({ grant_type: 'client_credentials' }, clientBasic);
    expect((await protectedWith({ authorization: `Bearer ${String(body.access_token)}` })).status).toBe(200);
    expect((await protectedWith({ 'x-api-key': 'mock-api-key' })).status).toBe(200);
    expect((await protectedWith({}, '?api_key=mock-api-key')).status).toBe(200);
    expect((await protectedWith({ authorization: basic('mock-user', 'mock-password') })).status).toBe(200);
    expect((await protectedWith({})).status).toBe(401);
    expect((await protectedWith({ authorization: 'Bearer made-up' })).status).toBe(401);
  });

  it('expires tokens after expires_in', async () => {
    upstream.auth.configure({ expiresIn: 0 });
    const { body } = await token({ grant_type: 'client_credentials' }, clientBasic);
    expect((await protectedWith({ authorization: `Bearer ${String(body.access_token)}` })).status).toBe(401);
  });

  it('honours an API key header with a prefix, and restricted schemes', async () => {
    upstream.auth.configure({ apiKeyHeader: 'Authorization', apiKeyPrefix: 'Token ', accept: ['apiKey'] });
    expect((await protectedWith({ authorization: 'Token mock-api-key' })).status).toBe(200);
    expect((await protectedWith({ authorization: basic('mock-user', 'mock-password') })).status).toBe(401);
    upstream.auth.configure({
      apiKeyHeader: 'x-api-key',
      apiKeyPrefix: '',
      accept: ['bearer', 'apiKey', 'basic'],
    });
  });

  it('guards any route with requireAuth', async () => {
    upstream.route(
      'GET',
      '/secret',
      upstream.auth.requireAuth((ex) => ex.send(200, 'in')),
    );
    expect((await fetch(`${upstream.url}/secret`)).status).toBe(401);
    expect(await (await fetch(`${upstream.url}/secret?api_key=mock-api-key`)).text()).toBe('in');
  });
});
