/**
 * Sending a request with a cached token: put the token on the request, and when the upstream
 * answers 401, forget that token, get a fresh one and send the request once more. A second 401
 * with a fresh token is an `authentication_failed` DsError.
 *
 * Repeating a non-idempotent request here is safe: a 401 means the upstream refused it before
 * doing anything.
 * @module
 */
import { dsError } from '../errors';
import type { Fetch, UpstreamRequest, UpstreamResponse } from '../types';
import { upstreamStatusOf } from './endpoint-errors';
import { redactError } from './redact';
import type { SingleFlightToken } from './token-cache';

/** Where a token goes on the request. */
export interface TokenPlacement {
  /** Header name (default `Authorization`). */
  header: string;
  /** Text before the token (default `Bearer `). */
  prefix: string;
}

/** Applies a token to a request (a copy; the original is left as is). */
export type ApplyToken = (req: UpstreamRequest, token: string) => UpstreamRequest;

type Outcome = { ok: true; res: UpstreamResponse } | { ok: false; err: unknown };

async function attempt(next: Fetch, req: UpstreamRequest): Promise<Outcome> {
  try {
    return { ok: true, res: await next(req) };
  } catch (err) {
    return { ok: false, err };
  }
}

/**
 * True for an upstream 401: a response with status 401, or an error an inner layer made from
 * one (any error with `status: 401`, which is how DsError and undici's errors carry it).
 */
function unauthorized(o: Outcome): boolean {
  if (o.ok) return o.res.status === 401;
  return upstreamStatusOf(o.err) === 401 || (o.err as { status?: unknown } | null)?.status === 401;
}

/** The response, or the error with the token scrubbed (upstreams may echo the header back). */
function settle(o: Outcome, token: string): UpstreamResponse {
  if (o.ok) return o.res;
  throw redactError(o.err, [token]);
}

/** What to say when a fresh token is refused too. */
export interface RejectedTokenMessage {
  message: string;
  suggestion: string;
}

/**
 * Sends `req` with a token from `token`, retrying once with a fresh token on a 401.
 * Order: get token (single flight) → send → on 401: invalidate → get token → send → on 401 throw.
 */
export async function sendWithToken(
  next: Fetch,
  req: UpstreamRequest,
  token: SingleFlightToken,
  apply: ApplyToken,
  rejected: RejectedTokenMessage,
): Promise<UpstreamResponse> {
  const first = await token.get(req.signal);
  const one = await attempt(next, apply(req, first));
  if (!unauthorized(one) || req.signal.aborted) return settle(one, first);
  token.invalidate(first);
  const second = await token.get(req.signal);
  const two = await attempt(next, apply(req, second));
  if (!unauthorized(two)) return settle(two, second);
  throw dsError('authentication_failed', {
    message: rejected.message,
    suggestion: rejected.suggestion,
    details: { httpStatus: 401, retriedWithFreshToken: true },
  });
}
