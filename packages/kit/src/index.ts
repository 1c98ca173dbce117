/**
 * `@dsforge/kit`: the query execution kit for dsforge datasources — errors users can act on,
 * timeouts and cancellation end to end, auth, retries, circuit breaking, limits, pagination,
 * caching and result formatting, as two middleware layers on `@dsforge/backend`.
 *
 * @example
 * import { serve } from '@dsforge/backend';
 * import { createDatasource, jsonToFrame } from '@dsforge/kit';
 *
 * serve(createDatasource({
 *   async query(q, ctx) {
 *     const res = await ctx.fetch({ url: '/api/points', signal: ctx.signal });
 *     return { frames: [jsonToFrame(res.json(), { name: q.refId })] };
 *   },
 * }));
 * @module
 */

// ---- For datasource authors ----------------------------------------------------------------

export {
  createDatasource,
  type CreateDatasourceOptions,
  type DatasourceInstance,
  type UpstreamOptions,
} from './pipeline';
export type { HealthFn } from './pipeline-health';
export {
  DsError,
  dsError,
  isDsError,
  errorFromHttpStatus,
  isCancellation,
  ERROR_CATEGORIES,
  CATEGORY_INFO,
  type ErrorCategory,
  type ErrorSourceKind,
  type DsErrorOptions,
  type DsErrorPayload,
  type FromHints,
  type HttpStatusInfo,
} from './errors';
export {
  collectPartial,
  partialResults,
  PartialResultError,
  partialNotice,
  type PartialCollector,
  type PartialFailure,
} from './middleware/partial-results';
export type {
  QueryContext,
  QueryFn,
  QueryResult,
  QueryMiddleware,
  UpstreamMiddleware,
  UpstreamRequest,
  UpstreamResponse,
  UpstreamTimeouts,
  Fetch,
} from './types';
export { queryMiddleware, upstreamMiddleware } from './types';
export { systemClock, createFakeClock, type Clock, type FakeClock } from './clock';

// Middleware lists and the query-layer middlewares.
export {
  defaultQueryMiddlewares,
  defaultUpstreamMiddlewares,
  type DefaultQueryMiddlewareOptions,
  type DefaultUpstreamMiddlewareOptions,
} from './defaults';
export {
  composeQuery,
  checkMiddlewareNames,
  middlewareNames,
  MiddlewareChainError,
} from './query-middleware';
export { timeout, effectiveTimeout, type TimeoutOptions, type EffectiveTimeout } from './middleware/timeout';
export {
  categorizeErrors,
  reportQueryError,
  isEmptyResult,
  NO_DATA_NOTICE,
} from './middleware/categorize-errors';
export * from './middleware/resilience';
export {
  cache,
  cacheKey,
  cacheSkipped,
  CACHE_MIDDLEWARE,
  type CacheOptions,
  type CacheStats,
  type CacheMiddleware,
  type CacheKeyOptions,
} from './middleware/cache';

// Upstream client, auth, pagination, formatting.
export * from './upstream';
export * from './auth';
export * from './paginate';
export * from './format';
export * from './operations';

// ---- For library authors -------------------------------------------------------------------

export {
  classify,
  categoryForHttpStatus,
  httpStatusClassification,
  safeUrl,
  upstreamReason,
  formatDuration,
  isErrorCategory,
  errorFrame,
  errorResponse,
  errorLogFields,
  describeCause,
  DSFORGE_ERROR_VERSION,
  DSFORGE_ERROR_KEY,
  type CategoryInfo,
  type Classification,
  type DsErrorLike,
} from './errors';
export {
  runQuery,
  queryContext,
  buildQueryChain,
  resultToResponse,
  attachNotices,
  newCorrelationId,
} from './pipeline';
