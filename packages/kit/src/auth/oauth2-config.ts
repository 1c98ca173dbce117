/**
 * Reading an OAuth2 client's settings (token URL, client id, client secret, scopes, audience,
 * client authentication method), shared by the client-credentials and token-exchange providers.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import { systemClock, type Clock } from '../clock';
import type { Fetch } from '../types';
import {
  jsonList,
  jsonString,
  requireJsonString,
  secretValue,
  allSecretValues,
  type AuthSettings,
} from './settings-read';
import { checkHeaderName } from './static-header';
import type { ClientAuthMethod, TokenEndpoint } from './token-endpoint';

/** Options shared by the OAuth2 providers. Each value wins over its jsonData setting. */
export interface OAuth2ClientOptions {
  /** Token endpoint URL. Default: jsonData `oauth2TokenUrl`. */
  tokenUrl?: string;
  /** Client id. Default: jsonData `oauth2ClientId`. */
  clientId?: string;
  /** secureJsonData key of the client secret. Default `oauth2ClientSecret`. */
  clientSecretKey?: string;
  /** Scopes. Default: jsonData `oauth2Scopes` (array, or a space/comma-separated string). */
  scopes?: string[];
  /** `audience` parameter (Auth0, RFC 8693). Default: jsonData `oauth2Audience`. */
  audience?: string;
  /** Client authentication. Default: jsonData `oauth2ClientAuth`, else `body` (client_secret_post). */
  clientAuth?: ClientAuthMethod;
  /** Extra form parameters for every token request (e.g. `resource` for Azure AD v1). */
  extraParams?: Record<string, string>;
  /** Header the token goes in. Default `Authorization`. */
  header?: string;
  /** Text before the token. Default `Bearer `. */
  prefix?: string;
  /** Replace a header of the same name already on the request. Default false (it wins). */
  overwrite?: boolean;
  /** Clock for token expiry and the token request timeout. Default: the system clock. */
  clock?: Clock;
  /**
   * Fetch used for token requests. Default: the layer below this middleware (same TLS, user
   * agent, timeouts and size limit as upstream calls).
   */
  tokenFetch?: Fetch;
  /** Bound on one token request in ms. Default 30 000. */
  tokenTimeoutMs?: number;
}

/** An OAuth2 client's resolved settings. */
export interface OAuth2Client {
  endpoint: TokenEndpoint;
  scope?: string;
  audience?: string;
  extraParams: Record<string, string>;
  header: string;
  prefix: string;
  overwrite: boolean;
  clock: Clock;
  tokenFetch?: Fetch;
  /** secureJsonData key of the client secret (for messages). */
  secretKey: string;
}

/**
 * Resolves an OAuth2 client from options and settings. Throws `SettingsError` naming the field
 * when the token URL is missing or not an absolute http(s) URL, the client id is missing, the
 * client secret is required but missing, or `oauth2ClientAuth` is not `body`/`basic`.
 */
export function readOAuth2Client(
  settings: AuthSettings,
  opts: OAuth2ClientOptions,
  what: string,
  secretRequired: boolean,
): OAuth2Client {
  const tokenUrl = opts.tokenUrl ?? requireJsonString(settings, 'oauth2TokenUrl', `${what} (token URL)`);
  let parsed: URL | undefined;
  try {
    parsed = new URL(tokenUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new SettingsError(
      `jsonData.oauth2TokenUrl must be an absolute http(s) URL such as https://login.example.com/oauth2/token.`,
    );
  }
  const clientId = opts.clientId ?? requireJsonString(settings, 'oauth2ClientId', `${what} (client ID)`);
  const secretKey = opts.clientSecretKey ?? 'oauth2ClientSecret';
  const clientSecret = secretValue(settings, secretKey);
  if (secretRequired && clientSecret === undefined) {
    throw new SettingsError(
      `${what} is not configured: secureJsonData.${secretKey} (the client secret) is empty. Set it on the datasource's settings page.`,
    );
  }
  const clientAuth = opts.clientAuth ?? jsonString(settings, 'oauth2ClientAuth') ?? 'body';
  if (clientAuth !== 'body' && clientAuth !== 'basic') {
    throw new SettingsError(
      `jsonData.oauth2ClientAuth must be "body" or "basic", not ${JSON.stringify(clientAuth)}.`,
    );
  }
  const scopes = opts.scopes ?? jsonList(settings, 'oauth2Scopes');
  return {
    endpoint: {
      tokenUrl,
      clientId,
      clientSecret,
      clientAuth,
      secrets: allSecretValues(settings, [clientSecret]),
      timeoutMs: opts.tokenTimeoutMs,
    },
    scope: scopes && scopes.length > 0 ? scopes.join(' ') : undefined,
    audience: opts.audience ?? jsonString(settings, 'oauth2Audience'),
    extraParams: opts.extraParams ?? {},
    header: checkHeaderName(opts.header ?? 'Authorization', 'The OAuth2 token header option'),
    prefix: opts.prefix ?? 'Bearer ',
    overwrite: opts.overwrite ?? false,
    clock: opts.clock ?? systemClock,
    tokenFetch: opts.tokenFetch,
    secretKey,
  };
}
