/**
 * A fixed bearer token (a personal access token, a service-account token) from the secrets.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import type { UpstreamMiddleware } from '../types';
import { secretValue, type AuthSettings } from './settings-read';
import { checkHeaderName, checkHeaderValue, staticHeaders, type OverwriteOption } from './static-header';

/** Middleware name of {@link bearerAuth}. */
export const BEARER_AUTH = 'auth.bearer';

/** Secret keys tried, in order, when {@link BearerAuthOptions.tokenKey} is not given. */
export const BEARER_TOKEN_KEYS = ['bearerToken', 'accessToken'] as const;

/** Options for {@link bearerAuth}. */
export interface BearerAuthOptions extends OverwriteOption {
  /** secureJsonData key of the token. Default: the first set of `bearerToken`, `accessToken`. */
  tokenKey?: string;
  /** Header to set. Default `Authorization`. */
  header?: string;
  /** Text before the token. Default `Bearer `. */
  prefix?: string;
}

/**
 * Sends `Authorization: Bearer <token>` on every request.
 *
 * The token comes from the secret `opts.tokenKey`, else the first set of `bearerToken`,
 * `accessToken`. An `Authorization` header already on the request is kept unless
 * `opts.overwrite`. Throws `SettingsError` naming the key(s) when no token is set.
 *
 * @example
 * const auth = bearerAuth(settings, { tokenKey: 'apiToken' });
 */
export function bearerAuth(settings: AuthSettings, opts: BearerAuthOptions = {}): UpstreamMiddleware {
  const keys = opts.tokenKey ? [opts.tokenKey] : [...BEARER_TOKEN_KEYS];
  const key = keys.find((k) => secretValue(settings, k) !== undefined);
  if (key === undefined) {
    throw new SettingsError(
      `Bearer token authentication is not configured: ${keys.map((k) => `secureJsonData.${k}`).join(' or ')} is empty. ` +
        "Set the token on the datasource's settings page.",
    );
  }
  const token = checkHeaderValue(secretValue(settings, key) as string, `secureJsonData.${key}`);
  const header = checkHeaderName(opts.header ?? 'Authorization', 'The bearer token header option');
  return staticHeaders(BEARER_AUTH, [[header, `${opts.prefix ?? 'Bearer '}${token}`]], opts.overwrite, [
    token,
  ]);
}
