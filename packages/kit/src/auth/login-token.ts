/**
 * Session tokens from a login endpoint: POST the datasource's user name and password to a login
 * path, read the token from a JSON path of the answer, and send it on every request. One login
 * at a time however many queries need it; on a 401 the provider logs in again exactly once and
 * then fails with `authentication_failed`.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import { systemClock, type Clock } from '../clock';
import { dsError } from '../errors';
import { upstreamMiddleware, type Fetch, type UpstreamMiddleware, type UpstreamResponse } from '../types';
import { displayUrl, endpointCallError, endpointRefused, type EndpointLabel } from './endpoint-errors';
import { hasHeader, withHeader } from './headers';
import { allSecretValues, jsonString, requireSecret, type AuthSettings } from './settings-read';
import { checkHeaderName } from './static-header';
import { SingleFlightToken, type IssuedToken } from './token-cache';
import { sendWithToken } from './token-session';

/** Middleware name of {@link loginToken}. */
export const LOGIN_TOKEN = 'auth.loginToken';

/** Options for {@link loginToken}. Each value wins over its jsonData setting. */
export interface LoginTokenOptions {
  /** Login endpoint, relative to the datasource URL or absolute. Default: jsonData `loginPath`, else `/login`. */
  path?: string;
  /** User name. Default: jsonData `loginUsername`, then `settings.user`, then `settings.basicAuthUser`. */
  username?: string;
  /** secureJsonData key of the password. Default `password` (Grafana's name for a datasource password). */
  passwordKey?: string;
  /** Body field for the user name. Default: jsonData `loginUsernameField`, else `username`. */
  usernameField?: string;
  /** Body field for the password. Default: jsonData `loginPasswordField`, else `password`. */
  passwordField?: string;
  /** Login body encoding. Default: jsonData `loginBodyFormat`, else `json`. */
  bodyFormat?: 'json' | 'form';
  /** Dotted path of the token in the JSON answer (`data.token`). Default: jsonData `loginTokenPath`, else `token`. */
  tokenPath?: string;
  /** Dotted path of the lifetime in seconds, if the answer has one. Default: jsonData `loginExpiresInPath`. */
  expiresInPath?: string;
  /** Header for the token. Default: jsonData `loginTokenHeader`, else `Authorization`. */
  header?: string;
  /** Text before the token. Default: jsonData `loginTokenPrefix`, else `Bearer ` for Authorization and none otherwise. */
  prefix?: string;
  /** Replace a header of the same name already on the request. Default false. */
  overwrite?: boolean;
  /** Clock for the token lifetime and the login timeout. Default: the system clock. */
  clock?: Clock;
  /** Fetch for the login call. Default: the layer below this middleware. */
  loginFetch?: Fetch;
  /** Bound on one login request in ms. Default 30 000. */
  loginTimeoutMs?: number;
}

/** The value at a dotted path (`a.b.0.c`) of a parsed JSON value. */
export function valueAtPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const part of path.split('.').filter((p) => p !== '')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function parse(res: UpstreamResponse): unknown {
  try {
    return JSON.parse(res.text());
  } catch {
    return undefined;
  }
}

function str(settings: AuthSettings, key: string): string | undefined {
  const jd = settings.jsonData as Record<string, unknown> | undefined;
  return typeof jd?.[key] === 'string' ? (jd[key] as string) : undefined;
}

/**
 * Logs in and sends the session token on every request.
 *
 * Settings, in order of precedence: the option, then the jsonData keys named in
 * {@link LoginTokenOptions}, then the defaults; the password only from the secret
 * `opts.passwordKey` (default `password`).
 *
 * Per request: a header of the same name already present → sent as is; else the cached token
 * (one login for any number of concurrent requests) → the request → on 401, log in again once
 * and resend; a second 401 → `authentication_failed`. A login answered non-2xx →
 * `authentication_failed` with the status and the endpoint's `error`/`message` field (secrets
 * scrubbed); an answer without a token at the path → `authentication_failed` listing the keys
 * it does have. Throws `SettingsError` at creation when the user name or password is missing.
 *
 * @example
 * // jsonData { loginPath: '/api/auth', loginTokenPath: 'data.token' }, user 'svc', secureJsonData { password }
 * const auth = loginToken(settings);
 */
export function loginToken(settings: AuthSettings, opts: LoginTokenOptions = {}): UpstreamMiddleware {
  const path = opts.path ?? jsonString(settings, 'loginPath') ?? '/login';
  const username =
    opts.username ?? jsonString(settings, 'loginUsername') ?? (settings.user || settings.basicAuthUser);
  if (!username) {
    throw new SettingsError(
      'Login authentication is not configured: the user name is empty. Set jsonData.loginUsername or the datasource user.',
    );
  }
  const passwordKey = opts.passwordKey ?? 'password';
  const password = requireSecret(settings, passwordKey, 'The login password');
  const usernameField = opts.usernameField ?? jsonString(settings, 'loginUsernameField') ?? 'username';
  const passwordField = opts.passwordField ?? jsonString(settings, 'loginPasswordField') ?? 'password';
  const bodyFormat = opts.bodyFormat ?? jsonString(settings, 'loginBodyFormat') ?? 'json';
  if (bodyFormat !== 'json' && bodyFormat !== 'form') {
    throw new SettingsError(
      `jsonData.loginBodyFormat must be "json" or "form", not ${JSON.stringify(bodyFormat)}.`,
    );
  }
  const tokenPath = opts.tokenPath ?? jsonString(settings, 'loginTokenPath') ?? 'token';
  const expiresInPath = opts.expiresInPath ?? jsonString(settings, 'loginExpiresInPath');
  const header = checkHeaderName(
    opts.header ?? jsonString(settings, 'loginTokenHeader') ?? 'Authorization',
    'jsonData.loginTokenHeader',
  );
  const prefix =
    opts.prefix ??
    str(settings, 'loginTokenPrefix') ??
    (header.toLowerCase() === 'authorization' ? 'Bearer ' : '');
  const clock = opts.clock ?? systemClock;
  const label: EndpointLabel = {
    endpoint: `login endpoint ${displayUrl(path)}`,
    suggestion: 'Check the user name and password in the datasource settings; the password may have changed.',
    details: { loginEndpoint: displayUrl(path) },
    secrets: allSecretValues(settings, [password]),
  };

  let below: Fetch | undefined;
  const login = async (): Promise<IssuedToken> => {
    const fields = { [usernameField]: username, [passwordField]: password };
    let res: UpstreamResponse;
    try {
      res = await (opts.loginFetch ?? (below as Fetch))({
        url: path,
        method: 'POST',
        headers: {
          'content-type': bodyFormat === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: bodyFormat === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
        signal: clock.timeoutSignal(opts.loginTimeoutMs ?? 30_000),
        idempotent: false,
      });
    } catch (err) {
      throw endpointCallError(err, label);
    }
    const body = parse(res);
    if (res.status < 200 || res.status > 299) {
      const said = ['error', 'message', 'error_description']
        .map((k) => valueAtPath(body, k))
        .find((v): v is string => typeof v === 'string' && v !== '');
      throw endpointRefused(label, res.status, said);
    }
    const token = valueAtPath(body, tokenPath);
    if (typeof token !== 'string' || token === '') {
      const keys = body && typeof body === 'object' ? Object.keys(body).slice(0, 10).join(', ') : '';
      throw dsError('authentication_failed', {
        message: `The ${label.endpoint} answered HTTP ${res.status} without a token at "${tokenPath}"${keys ? ` (its answer has: ${keys})` : ''}.`,
        suggestion: 'Set jsonData.loginTokenPath to where the token is in the login answer, e.g. data.token.',
        details: { ...label.details, upstreamStatus: res.status, tokenPath },
      });
    }
    const expires = expiresInPath ? Number(valueAtPath(body, expiresInPath)) : undefined;
    return {
      value: token,
      expiresInSec: expires !== undefined && Number.isFinite(expires) ? expires : undefined,
    };
  };
  const session = new SingleFlightToken(login, clock);
  const rejected = {
    message: 'The upstream rejected the session token right after a fresh login (HTTP 401).',
    suggestion:
      'Check that the login user may use this API and that the token header and prefix settings match what it expects.',
  };
  const apply = (req: Parameters<Fetch>[0], token: string) => withHeader(req, header, `${prefix}${token}`);
  return upstreamMiddleware(LOGIN_TOKEN, (next: Fetch): Fetch => {
    below = next;
    return (req) =>
      !opts.overwrite && hasHeader(req.headers, header)
        ? next(req)
        : sendWithToken(next, req, session, apply, rejected);
  });
}
