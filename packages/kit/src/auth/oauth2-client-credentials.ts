/**
 * OAuth2 client credentials (RFC 6749 §4.4): the datasource's own identity. One cached token per
 * datasource instance with single-flight refresh before `expires_in − 60 s`, and one retry with a
 * fresh token when the upstream answers 401.
 * @module
 */
import { upstreamMiddleware, type Fetch, type UpstreamMiddleware } from '../types';
import { hasHeader, withHeader } from './headers';
import { readOAuth2Client, type OAuth2Client, type OAuth2ClientOptions } from './oauth2-config';
import { SingleFlightToken } from './token-cache';
import { requestToken } from './token-endpoint';
import { sendWithToken, type ApplyToken } from './token-session';

/** Middleware name of {@link oauth2ClientCredentials}. */
export const OAUTH2_CLIENT_CREDENTIALS = 'auth.oauth2ClientCredentials';

/** Options for {@link oauth2ClientCredentials}. */
export type OAuth2ClientCredentialsOptions = OAuth2ClientOptions;

const FLOW = {
  name: 'OAuth2 client credentials',
  suggestion:
    'Check the token URL, client ID and client secret (and the scopes/audience) in the datasource settings; the client secret may have expired.',
};

/**
 * A single-flight client-credentials token for `client`, fetched through `via()` (the layer below
 * the middleware, known only once the chain is built).
 */
export function clientCredentialsToken(client: OAuth2Client, via: () => Fetch): SingleFlightToken {
  return new SingleFlightToken(
    () =>
      requestToken(
        client.tokenFetch ?? via(),
        client.endpoint,
        {
          grant_type: 'client_credentials',
          scope: client.scope,
          audience: client.audience,
          ...client.extraParams,
        },
        FLOW,
        client.clock,
      ),
    client.clock,
  );
}

/** Puts a token on a request as `client` says (header and prefix). */
export function applyTokenFor(client: Pick<OAuth2Client, 'header' | 'prefix'>): ApplyToken {
  return (req, token) => withHeader(req, client.header, `${client.prefix}${token}`);
}

/**
 * Sends `Authorization: Bearer <token>` with a token from the client-credentials grant.
 *
 * Settings, in order of precedence: the option, then jsonData `oauth2TokenUrl`,
 * `oauth2ClientId`, `oauth2Scopes`, `oauth2Audience`, `oauth2ClientAuth`; the client secret only
 * from the secret `oauth2ClientSecret` (or `opts.clientSecretKey`).
 *
 * Order per request: an `Authorization` header already present → sent as is; else the cached
 * token (50 concurrent requests share one token request) → the request → on 401, forget the
 * token, fetch a new one and send once more; a second 401 → `authentication_failed`.
 * The token endpoint refusing → `authentication_failed` with its status and OAuth
 * `error`/`error_description`. The token cache lives as long as the middleware (one per
 * datasource instance). Throws `SettingsError` at creation when a setting is missing.
 *
 * @example
 * // jsonData { oauth2TokenUrl, oauth2ClientId, oauth2Scopes: ['read'] }, secureJsonData { oauth2ClientSecret }
 * const auth = oauth2ClientCredentials(settings, { clock });
 */
export function oauth2ClientCredentials(
  settings: Parameters<typeof readOAuth2Client>[0],
  opts: OAuth2ClientCredentialsOptions = {},
): UpstreamMiddleware {
  const client = readOAuth2Client(settings, opts, 'OAuth2 client credentials authentication', true);
  let below: Fetch | undefined;
  const token = clientCredentialsToken(client, () => below as Fetch);
  const apply = applyTokenFor(client);
  const rejected = {
    message: 'The upstream rejected a freshly issued OAuth2 client-credentials token (HTTP 401).',
    suggestion:
      'Check the scopes and audience in the datasource settings: the token may not be valid for this API.',
  };
  return upstreamMiddleware(OAUTH2_CLIENT_CREDENTIALS, (next: Fetch): Fetch => {
    below = next;
    return (req) =>
      !client.overwrite && hasHeader(req.headers, client.header)
        ? next(req)
        : sendWithToken(next, req, token, apply, rejected);
  });
}
