/**
 * Where an RFC 8693 subject token comes from: Grafana's ID token (`X-Grafana-Id`, forwarded when
 * Grafana's `idForwarding` feature is on), or with OAuth pass-through ("Forward OAuth Identity",
 * jsonData `oauthPassThru`) the signed-in user's access token (`Authorization: Bearer …`) or ID
 * token (`X-Id-Token`). Grafana forwards them as request headers (`http_`-prefixed in QueryData).
 * @module
 */
import type { UpstreamRequest } from '../types';
import { forwardedHeader } from './headers';

/** The setting naming the subject token's source. */
export type SubjectTokenSource = 'grafanaIdToken' | 'accessToken' | 'idToken';

/** Every valid {@link SubjectTokenSource}. */
export const SUBJECT_TOKEN_SOURCES: readonly SubjectTokenSource[] = [
  'grafanaIdToken',
  'accessToken',
  'idToken',
];

/** RFC 8693 §3 token type identifiers. */
export const TOKEN_TYPE = {
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  idToken: 'urn:ietf:params:oauth:token-type:id_token',
} as const;

interface SourceInfo {
  header: string;
  type: string;
  /** What to tell an admin when the header is missing although a user is signed in. */
  missing: { message: string; suggestion: string };
}

/** Header and token type per source. */
export const SUBJECT_SOURCES: Readonly<Record<SubjectTokenSource, SourceInfo>> = {
  grafanaIdToken: {
    header: 'X-Grafana-Id',
    type: TOKEN_TYPE.jwt,
    missing: {
      message:
        "Grafana did not forward the user's ID token (X-Grafana-Id) with this request, so there is no token to exchange.",
      suggestion:
        'Ask a Grafana admin to enable ID forwarding (feature toggle idForwarding), or choose another subject token source.',
    },
  },
  accessToken: {
    header: 'Authorization',
    type: TOKEN_TYPE.accessToken,
    missing: {
      message:
        "Grafana did not forward the user's OAuth access token with this request, so there is no token to exchange.",
      suggestion:
        'Turn on "Forward OAuth Identity" (oauthPassThru) in the datasource settings, and make sure users sign in to Grafana with OAuth.',
    },
  },
  idToken: {
    header: 'X-Id-Token',
    type: TOKEN_TYPE.idToken,
    missing: {
      message:
        "Grafana did not forward the user's OAuth ID token (X-Id-Token) with this request, so there is no token to exchange.",
      suggestion:
        'Turn on "Forward OAuth Identity" (oauthPassThru) in the datasource settings, and make sure the OAuth provider issues ID tokens.',
    },
  },
};

/** A subject token and its RFC 8693 type. */
export interface SubjectToken {
  token: string;
  type: string;
}

/**
 * The subject token of `req` from `source`, or undefined when Grafana did not forward it.
 * For `accessToken` only a `Bearer` Authorization value counts (a Basic one is not a token).
 */
export function subjectToken(req: UpstreamRequest, source: SubjectTokenSource): SubjectToken | undefined {
  const info = SUBJECT_SOURCES[source];
  const raw = forwardedHeader(req, info.header);
  if (raw === undefined) return undefined;
  let token = raw;
  if (source === 'accessToken') {
    const m = /^bearer\s+(.+)$/i.exec(raw);
    if (!m) return undefined;
    token = (m[1] as string).trim();
  }
  return token === '' ? undefined : { token, type: info.type };
}
