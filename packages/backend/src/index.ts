/**
 * `@dsforge/backend`: write a Grafana backend plugin in TypeScript.
 *
 * @example
 * import { serve, queryEach, Frame } from '@dsforge/backend';
 * serve({ queryData: queryEach(async (q) => [new Frame({ name: 'x', fields: [] })]) });
 */

// ---- For plugin authors --------------------------------------------------------------------

export { serve, type ServeHandle } from './serve';
export { queryEach, type QueryEachOptions } from './query-each';
export type { ServeOptions, RequestContext, InstanceContext, ErrorSourceName } from './handler';
export type {
  DataQuery,
  DataResponse,
  QueryDataRequest,
  QueryDataResponse,
  QueryDataHandler,
  RawQueryInfo,
  TimeRange,
} from './query-data';
export type { CheckHealthRequest, CheckHealthResult, CheckHealthHandler, HealthStatus } from './check-health';
export {
  bodyText,
  type CallResourceRequest,
  type CallResourceResponse,
  type CallResourceHandler,
  type ResourceSender,
} from './call-resource';
export type {
  StreamRequest,
  StreamSender,
  StreamStatus,
  FrameInclude,
  SubscribeStreamResult,
  PublishStreamResult,
  SubscribeStreamHandler,
  RunStreamHandler,
  PublishStreamHandler,
} from './stream';
export {
  Frame,
  Field,
  FrameError,
  FIELD_TYPES,
  encodeFrame,
  decodeFrame,
  toFrameJSON,
  fromFrameJSON,
  parseFrameJSON,
  stringifyFrameJSON,
  type FieldType,
  type FieldInit,
  type FrameInit,
  type FrameMeta,
  type Notice,
  type FieldConfig,
  type FrameJSON,
} from './data';
export {
  PluginError,
  downstreamError,
  pluginError,
  errorSourceFromHttpStatus,
  type ErrorSource,
} from './error-source';
export { DeadlineExceededError, CancelledError } from './deadline';
export { DataSourceSettings, AppSettings, SettingsError } from './settings';
export { GrafanaConfig, type PluginContext, type User } from './plugin-context';
export { createLogger, type Logger, type LogLevel } from './log';
export { InstanceCreateError } from './instances';
export { createMetricsRegistry } from './metrics';
export { Counter, Gauge, Histogram, Registry } from 'prom-client';
export { DEFAULT_RESPONSE_LIMIT } from './response-limit';

// ---- For library authors (hosts, test harnesses, middleware) ------------------------------------

export {
  createPluginServer,
  MAX_RECEIVE_MESSAGE_BYTES,
  type PluginServer,
  type PluginServerHooks,
} from './grpc/server';
export type { ServeHooks } from './serve';
export type { ListenOptions } from './grpc/listen';
export {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  NOT_A_PLUGIN_MESSAGE,
  negotiateProtocolVersion,
  formatHandshakeLine,
} from './grpc/handshake';
export {
  runQueryData,
  finishResponse,
  type EncodedDataResponse,
  type FrameEncoder,
  type RawDataQuery,
} from './query-data';
export { resolveResponseLimit, responseLimitError } from './response-limit';
export { toErrorResponse } from './error-source';
export { watchParent, parentAlive, type ParentWatchOptions } from './lifecycle';
