/**
 * {@link tagErrors}: the upstream middleware that turns HTTP error statuses and stray transport
 * errors into DsErrors, so everything above it (auth re-login, retry, breaker, the query pipeline)
 * sees one error type with a category.
 * @module
 */
import { DsError, dsError, errorFromHttpStatus, isDsError, safeUrl } from '../errors';
import { systemClock, type Clock } from '../clock';
import { upstreamMiddleware, type UpstreamMiddleware } from '../types';
import { parseRetryAfter } from './retry-after';

/** Options of {@link tagErrors}. */
export interface TagErrorsOptions {
  /** Clock for Retry-After HTTP dates (default: the system clock). */
  clock?: Clock;
  /**
   * How much of an error body to hand to the classifier (default 4096 characters). Enough for a
   * JSON error object to parse, so its `message` becomes the user's reason; never headers.
   */
  maxBodyChars?: number;
}

/**
 * Non-2xx responses become the DsError of `errorFromHttpStatus` (401 → authentication_failed,
 * 429 → rate_limited with `retryAfterMs`, 502/503/504 → upstream_unavailable, …), with the
 * redacted URL, the method, the wait the upstream asked for (Retry-After and friends, see
 * {@link parseRetryAfter}) and the upstream's reason from the body. 2xx responses pass through.
 * 1xx/3xx reach here only if the bottom does not handle them (it follows no redirects, so a
 * redirect is reported as an error rather than sending credentials to another host).
 *
 * Errors thrown below (transport errors from a custom bottom, an auth middleware's plain Error)
 * go through `DsError.from`; the caller's own abort reason is rethrown unchanged.
 */
export function tagErrors(opts: TagErrorsOptions = {}): UpstreamMiddleware {
  const clock = opts.clock ?? systemClock;
  const maxBodyChars = opts.maxBodyChars ?? 4096;
  return upstreamMiddleware('tagErrors', (next) => async (req) => {
    let res;
    try {
      res = await next(req);
    } catch (err) {
      if (req.signal.aborted && err === req.signal.reason) throw err;
      if (isDsError(err)) throw err;
      throw DsError.from(err, { url: req.url, signal: req.signal });
    }
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status < 400) throw unexpectedStatus(res.status, res.url, res.headers.location);
    const retryAfterMs = parseRetryAfter(res.headers, clock);
    const text = res.text();
    throw errorFromHttpStatus(res.status, {
      url: res.url,
      method: req.method ?? 'GET',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      bodySnippet: text.length > maxBodyChars ? text.slice(0, maxBodyChars) : text,
    });
  });
}

/** 1xx/3xx: the request never got an answer we can read. A redirect names where it points. */
function unexpectedStatus(status: number, url: string, location: string | undefined): DsError {
  const where = safeUrl(url) ?? 'the upstream';
  let target: string | undefined;
  try {
    target = location ? safeUrl(new URL(location, url).href) : undefined;
  } catch {
    target = undefined;
  }
  const details: Record<string, unknown> = { upstreamStatus: status, url: where };
  if (target) details.location = target;
  return dsError('bad_response', {
    message: target
      ? `The upstream redirected ${where} to ${target} (HTTP ${status}); redirects are not followed.`
      : `The upstream answered ${where} with HTTP ${status}, which is not a result.`,
    suggestion: target
      ? 'Set the datasource URL to the address the upstream redirects to.'
      : 'Check that the datasource URL points at the right API.',
    details,
  });
}
