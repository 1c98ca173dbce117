/**
 * Canary tests: a secret value `canary-s3cr3t-<random>` configured in every secret slot must
 * never appear in a thrown error (message, JSON, util.inspect, stack, cause chain), in a log line
 * written about the failure, or in what an upstream echoed back into an error.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { createLogger } from '@dsforge/backend';
import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { DsError, errorLogFields } from '../errors';
import type { Fetch } from '../types';
import { createUpstream, type UpstreamFetch } from '../upstream';
import { authFromSettings } from './auth-from-settings';
import { request, settingsOf, ALICE } from './test-helpers';

const CANARY = `canary-s3cr3t-${randomBytes(8).toString('hex')}`;

let upstream: MockUpstream;
const clients: UpstreamFetch[] = [];
const lines: string[] = [];
// No secret redaction configured on purpose: the providers must not rely on the logger's.
const logger = createLogger({ level: 'trace', write: (line) => lines.push(line) });

beforeAll(async () => {
  upstream = await mockUpstream();
  // Echoes every request header back in a 401 error body, as some upstreams do.
  upstream.route('*', '/echo-401', (ex) =>
    ex.send(401, {
      message: `rejected with headers ${JSON.stringify(ex.headers)} and query ${JSON.stringify(ex.query)}`,
    }),
  );
  upstream.route('*', '/echo-500', (ex) =>
    ex.send(500, { message: `failed for ${JSON.stringify(ex.headers)} ${JSON.stringify(ex.query)}` }),
  );
  upstream.route('POST', '/oauth/echo-token', (ex) =>
    ex.send(401, { error: 'invalid_client', error_description: `bad client: ${ex.body}` }),
  );
  upstream.route('POST', '/login-echo', (ex) => ex.send(403, { message: `no login for ${ex.body}` }));
  upstream.route('GET', '/not-json', (ex) =>
    ex.send(200, `not json ${ex.url.href}`, { 'content-type': 'text/plain' }),
  );
});
beforeEach(() => {
  lines.length = 0;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await upstream.close();
});

/** Every secret slot holds the canary (with a suffix so they differ where it matters). */
function secrets(): Record<string, string> {
  return {
    apiKey: CANARY,
    basicAuthPassword: CANARY,
    bearerToken: CANARY,
    oauth2ClientSecret: CANARY,
    password: CANARY,
    httpHeaderValue1: CANARY,
  };
}

function client(jsonData: Record<string, unknown>, url = upstream.url): Fetch {
  const settings = settingsOf({
    url,
    user: 'mock-user',
    basicAuthUser: 'mock-user',
    jsonData,
    secrets: secrets(),
  });
  const auth = authFromSettings(settings);
  const fetch = createUpstream(settings, { middlewares: auth.middlewares, tls: auth.tls });
  clients.push(fetch);
  return fetch;
}

/** Everything a user, a log or a debugger could see of an error. */
function exposure(err: unknown): string {
  const ds = DsError.from(err);
  logger.error('query failed', { ...errorLogFields(ds), details: ds.details });
  const e = err as Error;
  return [
    String(e?.message),
    String(e?.stack),
    JSON.stringify(err),
    inspect(err, { depth: 10, showHidden: true }),
    JSON.stringify(ds),
    ds.userMessage,
    lines.join('\n'),
  ].join('\n');
}

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

const scenarios: [string, Record<string, unknown>, string][] = [
  ['API key header, upstream echoes headers in a 401', { authType: 'apiKey' }, '/echo-401'],
  [
    'API key header with prefix, upstream echoes in a 500',
    { authType: 'apiKey', apiKeyHeader: 'Authorization', apiKeyPrefix: 'Token ' },
    '/echo-500',
  ],
  [
    'API key query parameter, upstream echoes the query in a 500',
    { authType: 'apiKey', apiKeyIn: 'query' },
    '/echo-500',
  ],
  [
    'API key query parameter, body is not JSON and names the URL',
    { authType: 'apiKey', apiKeyIn: 'query' },
    '/not-json',
  ],
  ['basic auth, upstream echoes headers', { authType: 'basic' }, '/echo-401'],
  ['bearer, upstream echoes headers', { authType: 'bearer' }, '/echo-500'],
  ['custom header, upstream echoes headers', { httpHeaderName1: 'X-Secret' }, '/echo-500'],
  [
    'OAuth2 client credentials, token endpoint echoes the form',
    {
      authType: 'oauth2ClientCredentials',
      oauth2ClientId: 'mock-client',
      oauth2TokenUrl: 'TOKEN:/oauth/echo-token',
    },
    '/protected',
  ],
  [
    'OAuth2 client credentials, wrong secret',
    {
      authType: 'oauth2ClientCredentials',
      oauth2ClientId: 'mock-client',
      oauth2TokenUrl: 'TOKEN:/oauth/token',
    },
    '/protected',
  ],
  ['login, endpoint echoes the body', { authType: 'login', loginPath: '/login-echo' }, '/protected'],
  ['login, wrong password', { authType: 'login' }, '/protected'],
];

describe('secrets never leak', () => {
  it.each(scenarios)('%s', async (_name, jsonData, path) => {
    const jd = Object.fromEntries(
      Object.entries(jsonData).map(([k, v]) => [
        k,
        typeof v === 'string' ? v.replace('TOKEN:', upstream.url) : v,
      ]),
    );
    const fetch = client(jd);
    const outcome = await failureOf(
      (async () => {
        const res = await fetch(request(path, { user: ALICE }));
        return res.json();
      })(),
    );
    const seen = exposure(outcome);
    expect(seen).not.toContain(CANARY);
    expect(seen).not.toContain(encodeURIComponent(CANARY));
    expect(seen).not.toContain(Buffer.from(`mock-user:${CANARY}`).toString('base64'));
  });

  it('token exchange: an identity provider echoing the subject token and client secret leaks neither', async () => {
    const fetch = client({
      authType: 'oauth2TokenExchange',
      oauth2ClientId: 'mock-client',
      oauth2TokenUrl: `${upstream.url}/oauth/echo-token`,
    });
    const err = await failureOf(
      fetch(request('/protected', { user: ALICE, forwarded: { 'http_X-Grafana-Id': `${CANARY}-jwt` } })),
    );
    expect(exposure(err)).not.toContain(CANARY);
  });

  it('settings errors name fields, never values', () => {
    const bad = [
      () =>
        authFromSettings(
          settingsOf({ jsonData: { authType: 'apiKey' }, secrets: { apiKey: `${CANARY}\n` } }),
        ),
      () =>
        authFromSettings(
          settingsOf({
            jsonData: { authType: 'mtls' },
            secrets: { tlsClientCert: CANARY, tlsClientKey: CANARY },
          }),
        ),
      () =>
        authFromSettings(
          settingsOf({
            jsonData: { authType: 'bearer', httpHeaderName1: 'X' },
            secrets: { bearerToken: `a\r\n${CANARY}`, httpHeaderValue1: 'v' },
          }),
        ),
    ];
    for (const attempt of bad) {
      let thrown: unknown;
      try {
        attempt();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(exposure(thrown)).not.toContain(CANARY);
    }
  });

  it('the settings object and the middlewares do not show secrets when printed', () => {
    const settings = settingsOf({ jsonData: { authType: 'bearer' }, secrets: secrets() });
    const auth = authFromSettings(settings);
    expect(
      inspect(auth, { depth: 10, showHidden: true }) + JSON.stringify(auth) + inspect(settings),
    ).not.toContain(CANARY);
  });
});
