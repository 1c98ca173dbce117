/**
 * Errors from calling an auth endpoint (OAuth2 token endpoint, login endpoint), in words a user
 * can act on. The endpoint refusing is `authentication_failed` (fix the auth settings); the
 * endpoint being unreachable keeps its transport category (`upstream_unavailable`, `timeout`) so
 * retries and the breaker treat it as an outage; cancellation passes through unchanged. Anything
 * taken from the endpoint's answer is clipped and has the datasource's secrets scrubbed.
 * @module
 */
import { dsError, isDsError } from '../errors';
import { redactText } from './redact';

const MAX_TEXT = 300;

/** `text` shortened to a few hundred characters. */
export function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** How an auth endpoint is named to users: scheme, host and path; no userinfo or query string. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // A relative path (a login endpoint below the datasource URL): drop any query string.
    return url.split(/[?#]/)[0] ?? '';
  }
}

/** What to call the endpoint and what to suggest when it refuses. */
export interface EndpointLabel {
  /** e.g. `OAuth2 client credentials token endpoint https://idp/token`. */
  endpoint: string;
  /** What to check when the endpoint refuses (names the settings). */
  suggestion: string;
  /** Facts for `details` (never secrets). */
  details: Record<string, unknown>;
  /** Values to scrub from anything echoed back. */
  secrets: readonly string[];
}

/** The upstream's HTTP status carried by an error an inner layer made from a response. */
export function upstreamStatusOf(err: unknown): number | undefined {
  const d = (err as { details?: { upstreamStatus?: unknown } } | null)?.details;
  return typeof d?.upstreamStatus === 'number' ? d.upstreamStatus : undefined;
}

/** `authentication_failed`: the endpoint answered `status` and `said` (already extracted). */
export function endpointRefused(label: EndpointLabel, status: number, said: string | undefined): Error {
  const text = said ? redactText(clip(said), label.secrets) : '';
  return dsError('authentication_failed', {
    message: `The ${label.endpoint} refused the request (HTTP ${status}${text ? `: ${text}` : ''}).`,
    suggestion: label.suggestion,
    details: { ...label.details, upstreamStatus: status, ...(text ? { upstreamMessage: text } : {}) },
  });
}

/** An error thrown while calling the endpoint (by the transport or an inner layer), reworded. */
export function endpointCallError(err: unknown, label: EndpointLabel): unknown {
  if (isDsError(err)) {
    if (err.category === 'cancelled') return err;
    const status = upstreamStatusOf(err);
    if (status !== undefined && status < 500 && status !== 429) {
      const said = (err.details as { upstreamMessage?: unknown } | undefined)?.upstreamMessage;
      return endpointRefused(label, status, typeof said === 'string' ? said : undefined);
    }
    return dsError(err.category, {
      message: `Could not get a token from the ${label.endpoint}: ${redactText(clip(err.message), label.secrets)}`,
      suggestion: err.suggestion,
      retryAfterMs: err.retryAfterMs,
      details: { ...label.details, ...(status !== undefined ? { upstreamStatus: status } : {}) },
    });
  }
  const e = err instanceof Error ? err : undefined;
  if (e && (e.name === 'AbortError' || e.name === 'TimeoutError')) {
    return dsError('timeout', {
      message: `The ${label.endpoint} did not answer in time.`,
      suggestion: 'Check that Grafana can reach it, then try again.',
      details: label.details,
    });
  }
  return dsError('upstream_unavailable', {
    message: `Could not reach the ${label.endpoint}: ${redactText(clip(e?.message ?? String(err)), label.secrets)}`,
    suggestion: 'Check its URL and that Grafana can reach it.',
    details: label.details,
    // Transport errors (ECONNREFUSED, DNS) carry host and port, never the request body.
    cause: err,
  });
}
