/**
 * OAuth2 token exchange (RFC 8693): trade the signed-in user's token (Grafana's ID token, or
 * with OAuth pass-through the user's access or ID token) for a token the upstream accepts, so the
 * upstream sees the user, not a shared service account. Exchanged tokens are cached per subject
 * token (keyed by its SHA-256, bounded LRU) until `expires_in − 60 s`, with single-flight
 * refresh and one retry on a 401.
 * @module
 */
import { createHash } from 'node:crypto';

import { SettingsError } from '@dsforge/backend';

import { dsError } from '../errors';
import { upstreamMiddleware, type Fetch, type UpstreamMiddleware } from '../types';
import { hasHeader } from './headers';
import { applyTokenFor, clientCredentialsToken } from './oauth2-client-credentials';
import { readOAuth2Client, type OAuth2ClientOptions } from './oauth2-config';
import { jsonString, type AuthSettings } from './settings-read';
import {
  SUBJECT_SOURCES,
  SUBJECT_TOKEN_SOURCES,
  subjectToken,
  type SubjectTokenSource,
} from './subject-token';
import { KeyedTokenCache } from './token-cache';
import { requestToken } from './token-endpoint';
import { sendWithToken } from './token-session';

/** Middleware name of {@link oauth2TokenExchange}. */
export const OAUTH2_TOKEN_EXCHANGE = 'auth.oauth2TokenExchange';

/** RFC 8693 grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

/** What to do for a request without a signed-in user (alerting, recorded queries). */
export type NoUserIdentity = 'clientCredentials' | 'fail';

/** Options for {@link oauth2TokenExchange}. Each value wins over its jsonData setting. */
export interface OAuth2TokenExchangeOptions extends OAuth2ClientOptions {
  /** Where the subject token comes from. Default: jsonData `tokenExchangeSubjectSource`, else `grafanaIdToken`. */
  subjectSource?: SubjectTokenSource;
  /** `requested_token_type`. Default: jsonData `tokenExchangeRequestedTokenType`, else not sent. */
  requestedTokenType?: string;
  /** `resource` (the upstream's URI). Default: jsonData `tokenExchangeResource`, else not sent. */
  resource?: string;
  /**
   * Requests with no user: `clientCredentials` uses the datasource's own client-credentials
   * identity (needs the client secret); `fail` rejects them. Default: jsonData
   * `tokenExchangeNoUser`, else `fail`.
   */
  noUser?: NoUserIdentity;
  /** Most subjects whose exchanged tokens are kept. Default 1000. */
  maxCachedSubjects?: number;
}

const FLOW = {
  name: 'OAuth2 token exchange',
  suggestion:
    'Check the token URL, client ID, client secret, audience and the subject token source in the datasource settings; the identity provider must allow this client to exchange tokens.',
};

function oneOf<T extends string>(value: string, valid: readonly T[], field: string): T {
  if (!(valid as readonly string[]).includes(value)) {
    throw new SettingsError(
      `${field} must be one of ${valid.map((v) => `"${v}"`).join(', ')}, not ${JSON.stringify(value)}.`,
    );
  }
  return value as T;
}

/**
 * Sends `Authorization: Bearer <exchanged token>`, exchanging the user's token per request.
 *
 * Per request, in order:
 * 1. an `Authorization` header already present → sent as is;
 * 2. no user (`req.context.user` undefined: alerting, recorded queries) → the datasource's own
 *    client-credentials token when `noUser` is `clientCredentials`, else `authentication_failed`
 *    explaining that such queries have no user token and how to configure a service identity;
 * 3. a user but no forwarded subject token → `authentication_failed` naming the header and the
 *    Grafana setting that forwards it (never a fallback to the service identity: that would
 *    quietly give the user the datasource's rights);
 * 4. the exchanged token for that subject (cached; single flight) → the request → on 401 one
 *    retry with a newly exchanged token.
 *
 * Throws `SettingsError` at creation for a missing token URL or client id, an unknown subject
 * source or `noUser` value, or `noUser: 'clientCredentials'` without a client secret.
 *
 * @example
 * // jsonData { oauth2TokenUrl, oauth2ClientId, oauth2Audience: 'api', tokenExchangeSubjectSource: 'grafanaIdToken' }
 * const auth = oauth2TokenExchange(settings);
 */
export function oauth2TokenExchange(
  settings: AuthSettings,
  opts: OAuth2TokenExchangeOptions = {},
): UpstreamMiddleware {
  const what = 'OAuth2 token exchange authentication';
  const source = oneOf(
    opts.subjectSource ?? jsonString(settings, 'tokenExchangeSubjectSource') ?? 'grafanaIdToken',
    SUBJECT_TOKEN_SOURCES,
    'jsonData.tokenExchangeSubjectSource',
  );
  const noUser = oneOf<NoUserIdentity>(
    opts.noUser ?? jsonString(settings, 'tokenExchangeNoUser') ?? 'fail',
    ['clientCredentials', 'fail'],
    'jsonData.tokenExchangeNoUser',
  );
  const client = readOAuth2Client(settings, opts, what, noUser === 'clientCredentials');
  const requestedTokenType =
    opts.requestedTokenType ?? jsonString(settings, 'tokenExchangeRequestedTokenType');
  const resource = opts.resource ?? jsonString(settings, 'tokenExchangeResource');

  let below: Fetch | undefined;
  const via = () => client.tokenFetch ?? (below as Fetch);
  const cache = new KeyedTokenCache(client.clock, opts.maxCachedSubjects ?? 1000);
  const service = noUser === 'clientCredentials' ? clientCredentialsToken(client, via) : undefined;
  const apply = applyTokenFor(client);
  const rejected = {
    message: 'The upstream rejected a freshly exchanged OAuth2 token (HTTP 401).',
    suggestion: 'Check the audience, resource and requested token type in the datasource settings.',
  };
  const info = SUBJECT_SOURCES[source];

  return upstreamMiddleware(OAUTH2_TOKEN_EXCHANGE, (next: Fetch): Fetch => {
    below = next;
    return async (req) => {
      if (!client.overwrite && hasHeader(req.headers, client.header)) return next(req);
      if (req.context?.user === undefined) {
        if (service) return sendWithToken(next, req, service, apply, rejected);
        throw dsError('authentication_failed', {
          message:
            'This query runs without a signed-in user (alerting, recorded queries or another Grafana background job), ' +
            'so there is no user token to exchange.',
          suggestion:
            `Give the datasource its own identity for such queries: set jsonData.tokenExchangeNoUser to "clientCredentials" ` +
            `and the client secret (secureJsonData.${client.secretKey}), or run the query from a dashboard.`,
          details: { subjectTokenSource: source, noUser },
        });
      }
      const subject = subjectToken(req, source);
      if (!subject) {
        throw dsError('authentication_failed', {
          ...info.missing,
          details: { subjectTokenSource: source, header: info.header },
        });
      }
      // The raw subject token never becomes a map key: a heap dump or a debug print of the
      // cache shows hashes only.
      const key = createHash('sha256').update(subject.type).update('\0').update(subject.token).digest('hex');
      const token = cache.for(key, () =>
        requestToken(
          via(),
          { ...client.endpoint, secrets: [...client.endpoint.secrets, subject.token] },
          {
            grant_type: TOKEN_EXCHANGE_GRANT,
            subject_token: subject.token,
            subject_token_type: subject.type,
            requested_token_type: requestedTokenType,
            audience: client.audience,
            scope: client.scope,
            resource,
            ...client.extraParams,
          },
          FLOW,
          client.clock,
        ),
      );
      return sendWithToken(next, req, token, apply, rejected);
    };
  });
}
