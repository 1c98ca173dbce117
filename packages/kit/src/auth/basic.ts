/**
 * HTTP Basic authentication (RFC 7617) from Grafana's own basic-auth settings.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import type { UpstreamMiddleware } from '../types';
import { requireSecret, type AuthSettings } from './settings-read';
import { staticHeaders, type OverwriteOption } from './static-header';

/** Middleware name of {@link basicAuth}. */
export const BASIC_AUTH = 'auth.basic';

/** Options for {@link basicAuth}. */
export interface BasicAuthOptions extends OverwriteOption {
  /** User name. Default: `settings.basicAuthUser`, then `settings.user`. */
  user?: string;
  /** secureJsonData key of the password. Default `basicAuthPassword` (Grafana's name). */
  passwordKey?: string;
}

/**
 * Sends `Authorization: Basic base64(user:password)` on every request.
 *
 * Settings, in order of precedence:
 * 1. user: `opts.user`, then `settings.basicAuthUser`, then `settings.user`;
 * 2. password: secret `opts.passwordKey` (default `basicAuthPassword`).
 *
 * An `Authorization` header already on the request is kept unless `opts.overwrite`.
 * Throws `SettingsError` when the user or password is missing or the user contains `:`.
 *
 * @example
 * const auth = basicAuth(settings); // settings.basicAuthUser + secureJsonData.basicAuthPassword
 */
export function basicAuth(settings: AuthSettings, opts: BasicAuthOptions = {}): UpstreamMiddleware {
  const user = opts.user ?? (settings.basicAuthUser || settings.user);
  if (!user) {
    throw new SettingsError(
      'Basic authentication is not configured: the user name is empty. Set "User" under Basic auth details on the datasource\'s settings page.',
    );
  }
  // RFC 7617: the user-id cannot contain a colon, the upstream would split it there.
  if (user.includes(':')) {
    throw new SettingsError(
      'Basic authentication user names cannot contain ":"; correct the user name in the datasource settings.',
    );
  }
  const key = opts.passwordKey ?? 'basicAuthPassword';
  const password = requireSecret(settings, key, 'The basic authentication password');
  const value = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  const encoded = value.slice('Basic '.length);
  return staticHeaders(BASIC_AUTH, [['Authorization', value]], opts.overwrite, [password, encoded]);
}
