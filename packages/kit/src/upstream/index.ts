/**
 * The upstream layer of the kit: the bottom fetch on undici ({@link createFetch}), chain
 * building ({@link composeUpstream}, {@link createUpstream}), the standard middlewares
 * ({@link userAgent}, {@link responseLimit}, {@link tagErrors}, {@link forwardHeaders}) and
 * {@link parseRetryAfter}.
 * @module
 */
export { createFetch, type CreateFetchOptions, type UpstreamFetch } from './create-fetch';
export { createUpstream, type CreateUpstreamOptions } from './create-upstream';
export { composeUpstream } from './compose';
export { userAgent, DEFAULT_USER_AGENT } from './user-agent';
export {
  responseLimit,
  responseTooLargeError,
  formatBytes,
  DEFAULT_MAX_RESPONSE_BYTES,
} from './response-limit';
export { tagErrors, type TagErrorsOptions } from './tag-errors';
export { forwardHeaders } from './forward-headers';
export { parseRetryAfter, MAX_RETRY_AFTER_MS, type ParseRetryAfterOptions } from './retry-after';
export { DEFAULT_UPSTREAM_TIMEOUTS, mergeTimeouts, timeoutsFromJsonData } from './timeouts';
export { upstreamTimeoutError, type UpstreamTimeoutKind } from './transport-error';
export { resolveUrl, type QueryParams, type QueryParamValue } from './url';
export { bodySnippet, makeResponse } from './response';
export type { FetchRequest, TlsOptions } from './request-options';
