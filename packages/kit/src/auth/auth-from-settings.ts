/**
 * {@link authFromSettings}: the upstream auth middlewares and TLS options a datasource's settings
 * ask for, picked by jsonData `authType`.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import type { Clock } from '../clock';
import type { UpstreamMiddleware } from '../types';
import { apiKeyAuth, type ApiKeyAuthOptions } from './api-key';
import { basicAuth, type BasicAuthOptions } from './basic';
import { bearerAuth, type BearerAuthOptions } from './bearer';
import { customHeaderPairs, customHeaders } from './custom-headers';
import { loginToken, type LoginTokenOptions } from './login-token';
import { mtls, tlsOptionsFromSettings, type AuthTlsOptions } from './mtls';
import { oauth2ClientCredentials, type OAuth2ClientCredentialsOptions } from './oauth2-client-credentials';
import { oauth2TokenExchange, type OAuth2TokenExchangeOptions } from './oauth2-token-exchange';
import { jsonString, type AuthSettings } from './settings-read';

/** Every valid jsonData `authType`. */
export const AUTH_TYPES = [
  'none',
  'apiKey',
  'basic',
  'bearer',
  'oauth2ClientCredentials',
  'oauth2TokenExchange',
  'login',
  'mtls',
] as const;

/** A jsonData `authType` value. */
export type AuthType = (typeof AUTH_TYPES)[number];

/** Options for {@link authFromSettings}: per-provider options, plus a fixed auth type. */
export interface AuthFromSettingsOptions {
  /** Use this instead of jsonData `authType`. */
  authType?: AuthType;
  /**
   * Clock for token expiry and token/login request timeouts of the OAuth2 and login providers,
   * unless their own options set one. Default: the system clock.
   */
  clock?: Clock;
  apiKey?: ApiKeyAuthOptions;
  basic?: BasicAuthOptions;
  bearer?: BearerAuthOptions;
  oauth2ClientCredentials?: OAuth2ClientCredentialsOptions;
  oauth2TokenExchange?: OAuth2TokenExchangeOptions;
  login?: LoginTokenOptions;
}

/** What {@link authFromSettings} returns. */
export interface AuthSetup {
  /** Upstream middlewares, outermost first: custom headers, then the auth provider. */
  middlewares: UpstreamMiddleware[];
  /** TLS options for `createFetch({ tls })`, when any TLS setting is present. */
  tls?: AuthTlsOptions;
  /** The auth type in effect. */
  authType: AuthType;
}

function withClock<T extends { clock?: Clock }>(o: T | undefined, clock: Clock | undefined): T {
  return { ...o, clock: o?.clock ?? clock } as T;
}

/** The auth type from options, jsonData `authType`, or Grafana's `basicAuth` switch. */
function pickAuthType(settings: AuthSettings, opts: AuthFromSettingsOptions): AuthType {
  const raw = opts.authType ?? jsonString(settings, 'authType');
  // Datasources saved before authType existed still have Grafana's own "Basic auth" switch.
  if (raw === undefined)
    return (settings as { basicAuthEnabled?: boolean }).basicAuthEnabled ? 'basic' : 'none';
  if (!(AUTH_TYPES as readonly string[]).includes(raw)) {
    throw new SettingsError(
      `jsonData.authType ${JSON.stringify(raw)} is not a known authentication type; use one of ${AUTH_TYPES.join(', ')}.`,
    );
  }
  return raw as AuthType;
}

/**
 * Builds the auth layer from settings.
 *
 * The auth type comes from, in order: `opts.authType`; jsonData `authType`; `basic` when
 * Grafana's basic-auth switch is on (`settings.basicAuthEnabled`); else `none`. Then:
 * 1. custom headers (jsonData `httpHeaderName<N>` + secret `httpHeaderValue<N>`) come first
 *    (outermost), so a custom `Authorization` header wins, as in Grafana's HTTP client;
 * 2. the provider for the auth type (`none` and `mtls` add no middleware);
 * 3. `tls` from {@link tlsOptionsFromSettings} for every auth type (a private CA or skip-verify
 *    applies to all), with the client certificate required for `mtls`.
 *
 * Throws `SettingsError` for an unknown `authType` (listing the valid ones) and whatever the
 * chosen provider throws for missing or invalid settings.
 *
 * @example
 * const auth = authFromSettings(settings, { oauth2ClientCredentials: { clock } });
 * const upstream = createFetch({ baseUrl: settings.url, tls: auth.tls });
 */
export function authFromSettings(settings: AuthSettings, opts: AuthFromSettingsOptions = {}): AuthSetup {
  const authType = pickAuthType(settings, opts);
  const middlewares: UpstreamMiddleware[] = [];
  if (customHeaderPairs(settings).length > 0) middlewares.push(customHeaders(settings));
  switch (authType) {
    case 'apiKey':
      middlewares.push(apiKeyAuth(settings, opts.apiKey));
      break;
    case 'basic':
      middlewares.push(basicAuth(settings, opts.basic));
      break;
    case 'bearer':
      middlewares.push(bearerAuth(settings, opts.bearer));
      break;
    case 'oauth2ClientCredentials':
      middlewares.push(
        oauth2ClientCredentials(settings, withClock(opts.oauth2ClientCredentials, opts.clock)),
      );
      break;
    case 'oauth2TokenExchange':
      middlewares.push(oauth2TokenExchange(settings, withClock(opts.oauth2TokenExchange, opts.clock)));
      break;
    case 'login':
      middlewares.push(loginToken(settings, withClock(opts.login, opts.clock)));
      break;
    case 'mtls':
    case 'none':
      break;
  }
  const tls = authType === 'mtls' ? mtls(settings) : tlsOptionsFromSettings(settings);
  return tls ? { middlewares, tls, authType } : { middlewares, authType };
}
