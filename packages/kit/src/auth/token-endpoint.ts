/**
 * One POST to an OAuth2 token endpoint (RFC 6749 §4.4 client credentials, RFC 8693 token
 * exchange): form-encoded parameters, client authentication, and the answer turned into an
 * {@link IssuedToken} or an `authentication_failed` DsError that says what the endpoint answered
 * (HTTP status plus the OAuth `error` and `error_description`), never a secret.
 * @module
 */
import type { Clock } from '../clock';
import { dsError } from '../errors';
import type { Fetch, UpstreamRequest, UpstreamResponse } from '../types';
import { displayUrl, endpointCallError, endpointRefused, type EndpointLabel } from './endpoint-errors';
import type { IssuedToken } from './token-cache';

/** How the client authenticates to the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthMethod = 'body' | 'basic';

/** A token endpoint and the client that calls it. */
export interface TokenEndpoint {
  /** Absolute URL of the token endpoint. */
  tokenUrl: string;
  clientId?: string;
  /** From `settings.secret(...)` only. */
  clientSecret?: string;
  /**
   * `body`: `client_id`/`client_secret` form fields (client_secret_post); `basic`: an HTTP Basic
   * `Authorization` header (client_secret_basic). Default `body`.
   */
  clientAuth?: ClientAuthMethod;
  /** Values to scrub from anything taken from the endpoint's answer. */
  secrets: readonly string[];
  /** Bound on one token request in ms (default 30 000), on the clock. */
  timeoutMs?: number;
}

/** A token as the endpoint issued it. */
export interface TokenAnswer extends IssuedToken {
  tokenType?: string;
  issuedTokenType?: string;
}

/** `application/x-www-form-urlencoded` encoding of one credential, as RFC 6749 §2.3.1 requires. */
function formEncode(s: string): string {
  return new URLSearchParams({ s }).toString().slice(2);
}

function jsonBody(res: UpstreamResponse): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(res.text());
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function numberOf(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * POSTs `params` (undefined/empty values left out) to the token endpoint through `fetch` and
 * returns the issued token.
 *
 * Throws `authentication_failed` when the endpoint answers non-2xx (or an inner layer turned such
 * an answer into an error), naming the status and the OAuth `error`/`error_description`, or when
 * the answer has no `access_token`. An unreachable endpoint keeps its transport category
 * (`upstream_unavailable`, `timeout`); cancellation passes through.
 */
export async function requestToken(
  fetch: Fetch,
  ep: TokenEndpoint,
  params: Record<string, string | undefined>,
  flow: { name: string; suggestion: string },
  clock: Clock,
): Promise<TokenAnswer> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') form.set(k, v);
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  if ((ep.clientAuth ?? 'body') === 'basic' && ep.clientId !== undefined) {
    const pair = `${formEncode(ep.clientId)}:${formEncode(ep.clientSecret ?? '')}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else {
    if (ep.clientId !== undefined) form.set('client_id', ep.clientId);
    if (ep.clientSecret !== undefined) form.set('client_secret', ep.clientSecret);
  }
  const where = displayUrl(ep.tokenUrl);
  const label: EndpointLabel = {
    endpoint: `${flow.name} token endpoint ${where}`,
    suggestion: flow.suggestion,
    details: { tokenEndpoint: where },
    secrets: ep.secrets,
  };
  const req: UpstreamRequest = {
    url: ep.tokenUrl,
    method: 'POST',
    headers,
    body: form.toString(),
    // Its own bound, not a query's signal: the token is shared by every query waiting for it.
    signal: clock.timeoutSignal(ep.timeoutMs ?? 30_000),
    idempotent: false,
  };
  let res: UpstreamResponse;
  try {
    res = await fetch(req);
  } catch (err) {
    throw endpointCallError(err, label);
  }
  const body = jsonBody(res);
  if (res.status < 200 || res.status > 299) {
    const said = [str(body?.error), str(body?.error_description)].filter(Boolean).join(': ');
    throw endpointRefused(label, res.status, said || undefined);
  }
  const token = str(body?.access_token);
  if (token === undefined) {
    throw dsError('authentication_failed', {
      message: `The ${label.endpoint} answered HTTP ${res.status} without an access_token.`,
      suggestion: 'Check that the token URL points at the OAuth2 token endpoint itself.',
      details: { ...label.details, upstreamStatus: res.status },
    });
  }
  return {
    value: token,
    expiresInSec: numberOf(body?.expires_in),
    tokenType: str(body?.token_type),
    issuedTokenType: str(body?.issued_token_type),
  };
}
