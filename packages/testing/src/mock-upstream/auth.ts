/**
 * Auth endpoints of the mock upstream: an OAuth2 token endpoint (client credentials and RFC 8693
 * token exchange), a login endpoint, and a guard for protected resources (bearer token issued by
 * either, API key, or basic).
 * @module
 */
import { randomBytes } from 'node:crypto';

import type { Exchange, Scenario } from './types';

/** RFC 8693 grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** Credentials and lifetimes; every field has a default so tests only set what they check. */
export interface MockAuthOptions {
  /** OAuth client id (default `mock-client`). */
  clientId?: string;
  /** OAuth client secret (default `mock-secret`). */
  clientSecret?: string;
  /** `expires_in` (seconds) of issued tokens, OAuth and login (default 3600). */
  expiresIn?: number;
  /** Token exchange: decides whether a subject token is acceptable (default: any non-empty). */
  acceptSubjectToken?: (token: string, tokenType: string) => boolean;
  /** `/login` and basic-auth user (default `mock-user`). */
  username?: string;
  /** `/login` and basic-auth password (default `mock-password`). */
  password?: string;
  /** API key accepted by protected routes (default `mock-api-key`). */
  apiKey?: string;
  /** Header carrying the API key (default `x-api-key`). */
  apiKeyHeader?: string;
  /** Prefix before the key in that header, e.g. `Token ` (default none). */
  apiKeyPrefix?: string;
  /** Query parameter carrying the API key (default `api_key`). */
  apiKeyQueryParam?: string;
  /** Schemes protected routes accept (default all three). */
  accept?: AuthScheme[];
}

/** How a request to a protected route authenticated. */
export type AuthScheme = 'bearer' | 'apiKey' | 'basic';

/** A token the mock issued. */
export interface IssuedToken {
  token: string;
  grant: 'client_credentials' | 'token_exchange' | 'login';
  clientId?: string;
  /** Token exchange: the subject token and its type. */
  subjectToken?: string;
  subjectTokenType?: string;
  /** Token exchange: `audience`, `scope`, `resource` as sent. */
  params?: Record<string, string>;
  issuedAt: number;
  expiresAt: number;
  /** False after {@link MockAuth.invalidateTokens}. */
  valid: boolean;
}

type Resolved = Required<Omit<MockAuthOptions, 'acceptSubjectToken'>> &
  Pick<MockAuthOptions, 'acceptSubjectToken'>;

const DEFAULTS: Resolved = {
  clientId: 'mock-client',
  clientSecret: 'mock-secret',
  expiresIn: 3600,
  username: 'mock-user',
  password: 'mock-password',
  apiKey: 'mock-api-key',
  apiKeyHeader: 'x-api-key',
  apiKeyPrefix: '',
  apiKeyQueryParam: 'api_key',
  accept: ['bearer', 'apiKey', 'basic'],
};

/** Auth state of one mock upstream (`upstream.auth`). */
export class MockAuth {
  /** Current settings (change with {@link configure}). */
  options: Resolved;
  /** Requests to `/oauth/token`, refused ones included. */
  tokenRequests = 0;
  /** Requests to `/login`, refused ones included. */
  loginRequests = 0;
  /** Every token issued, oldest first. */
  readonly tokens: IssuedToken[] = [];

  constructor(opts: MockAuthOptions = {}) {
    this.options = { ...DEFAULTS, ...opts };
  }

  /** Changes settings from now on (e.g. a shorter `expiresIn`). */
  configure(opts: MockAuthOptions): void {
    this.options = { ...this.options, ...opts };
  }

  /** Makes every issued token invalid: protected routes answer 401 until a new one is obtained. */
  invalidateTokens(): void {
    for (const t of this.tokens) t.valid = false;
  }

  /** Zeroes the request counters (issued tokens stay valid). */
  resetCounters(): void {
    this.tokenRequests = 0;
    this.loginRequests = 0;
  }

  /** Issues a token (also used by the endpoints). */
  issue(init: Omit<IssuedToken, 'token' | 'issuedAt' | 'expiresAt' | 'valid'>): IssuedToken {
    const now = Date.now();
    const token: IssuedToken = {
      ...init,
      token: `mock-${init.grant.replace('_', '-')}-${this.tokens.length + 1}-${randomBytes(6).toString('hex')}`,
      issuedAt: now,
      expiresAt: now + this.options.expiresIn * 1000,
      valid: true,
    };
    this.tokens.push(token);
    return token;
  }

  /** Looks up a bearer token: the issued token when valid and not expired. */
  validToken(token: string): IssuedToken | undefined {
    const t = this.tokens.find((x) => x.token === token);
    return t && t.valid && t.expiresAt > Date.now() ? t : undefined;
  }

  /** How `ex` authenticates, or undefined when it does not. */
  authenticate(ex: Exchange): { scheme: AuthScheme; token?: IssuedToken } | undefined {
    const o = this.options;
    const authz = ex.headers.authorization ?? '';
    if (o.accept.includes('bearer')) {
      const m = /^Bearer\s+(.+)$/i.exec(authz);
      const token = m && this.validToken(m[1]!.trim());
      if (token) return { scheme: 'bearer', token };
    }
    if (o.accept.includes('apiKey')) {
      const header = ex.headers[o.apiKeyHeader.toLowerCase()];
      if (header !== undefined && header === o.apiKeyPrefix + o.apiKey) return { scheme: 'apiKey' };
      if (ex.query[o.apiKeyQueryParam] === o.apiKey) return { scheme: 'apiKey' };
    }
    if (o.accept.includes('basic')) {
      const m = /^Basic\s+(.+)$/i.exec(authz);
      if (m && Buffer.from(m[1]!, 'base64').toString() === `${o.username}:${o.password}`) {
        return { scheme: 'basic' };
      }
    }
    return undefined;
  }

  /** Wraps `inner` so it only runs for authenticated requests; others get 401. */
  requireAuth(inner: Scenario): Scenario {
    return (ex) => {
      if (this.authenticate(ex)) return inner(ex);
      ex.send(
        401,
        { error: 'unauthorized', message: 'missing or invalid credentials' },
        {
          'www-authenticate': 'Bearer realm="mock-upstream"',
        },
      );
    };
  }

  /** `POST /oauth/token`: client credentials and token exchange, client auth basic or in the body. */
  readonly tokenEndpoint: Scenario = (ex) => {
    this.tokenRequests++;
    if (ex.method !== 'POST')
      return ex.send(405, { error: 'invalid_request', error_description: 'use POST' });
    const form = parseBody(ex);
    const client = clientCredentials(ex, form);
    const o = this.options;
    if (!client || client.id !== o.clientId || client.secret !== o.clientSecret) {
      return ex.send(401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="mock-upstream"' });
    }
    const grant = form.grant_type;
    if (grant === 'client_credentials') {
      return sendToken(ex, this.issue({ grant: 'client_credentials', clientId: client.id }), o.expiresIn);
    }
    if (grant === TOKEN_EXCHANGE_GRANT) {
      const subject = form.subject_token;
      const type = form.subject_token_type;
      if (!subject || !type) {
        return ex.send(400, {
          error: 'invalid_request',
          error_description: 'subject_token and subject_token_type are required',
        });
      }
      if (o.acceptSubjectToken && !o.acceptSubjectToken(subject, type)) {
        return ex.send(400, { error: 'invalid_grant', error_description: 'subject token rejected' });
      }
      const params: Record<string, string> = {};
      for (const k of ['audience', 'scope', 'resource', 'requested_token_type', 'actor_token_type']) {
        if (form[k] !== undefined) params[k] = form[k];
      }
      const token = this.issue({
        grant: 'token_exchange',
        clientId: client.id,
        subjectToken: subject,
        subjectTokenType: type,
        params,
      });
      return sendToken(ex, token, o.expiresIn, {
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      });
    }
    ex.send(400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant ?? '(none)'}` });
  };

  /** `POST /login` with `{ username, password }` (JSON or form) → `{ token, expires_in }`. */
  readonly login: Scenario = (ex) => {
    this.loginRequests++;
    const body = parseBody(ex);
    if (body.username !== this.options.username || body.password !== this.options.password) {
      return ex.send(401, { error: 'invalid username or password' });
    }
    const t = this.issue({ grant: 'login' });
    ex.send(200, { token: t.token, expires_in: this.options.expiresIn }, { 'cache-control': 'no-store' });
  };
}

function sendToken(ex: Exchange, t: IssuedToken, expiresIn: number, extra: Record<string, string> = {}) {
  ex.send(
    200,
    { access_token: t.token, token_type: 'Bearer', expires_in: expiresIn, ...extra },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

/** Form or JSON body as string pairs. */
function parseBody(ex: Exchange): Record<string, string> {
  const type = ex.headers['content-type'] ?? '';
  if (type.includes('json')) {
    try {
      const v = JSON.parse(ex.body) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(v ?? {}).map(([k, x]) => [k, String(x)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(ex.body));
}

/** Client id/secret from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the body. */
function clientCredentials(ex: Exchange, form: Record<string, string>) {
  const m = /^Basic\s+(.+)$/i.exec(ex.headers.authorization ?? '');
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString();
    const i = decoded.indexOf(':');
    if (i < 0) return undefined;
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
    } catch {
      return undefined;
    }
  }
  if (form.client_id !== undefined) return { id: form.client_id, secret: form.client_secret ?? '' };
  return undefined;
}
