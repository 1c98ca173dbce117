/** {@link errorFromHttpStatus}: an upstream's HTTP error status as a DsError. */
import { httpStatusClassification, type HttpStatusInfo } from './classify';
import { DsError } from './ds-error';

/**
 * The DsError for an upstream answering `status` (≥ 400): 400/422 → `invalid_query` (with the
 * upstream's reason from the body), 401 → `authentication_failed`, 403 → `authorization_failed`,
 * 404/410 → `not_found`, 408 → `timeout`, 429 → `rate_limited` (with `retryAfterMs`), 502/503/504
 * → `upstream_unavailable`, statuses that mean the plugin built a bad request (405, 413, 501, …)
 * → `internal`, other 5xx → `server_error`, other 4xx → `invalid_query`.
 *
 * Only the URL's origin and path are kept (query strings may hold API keys). The body snippet is
 * reduced to a short reason and kept in `details.upstreamMessage`.
 */
export function errorFromHttpStatus(
  status: number,
  info: HttpStatusInfo & { cause?: unknown } = {},
): DsError {
  const { category, options } = httpStatusClassification(status, info);
  if (info.cause !== undefined) options.cause = info.cause;
  return new DsError(category, options);
}

export type { HttpStatusInfo };
