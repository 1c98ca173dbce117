/**
 * The types a plugin author implements: {@link ServeOptions} and the request context every
 * handler receives. Plain objects only; the gRPC adapters convert from and to protobuf.
 */
import type { Registry } from 'prom-client';

import type { CallResourceHandler } from './call-resource';
import type { CheckHealthHandler } from './check-health';
import type { ErrorSource } from './error-source';
import type { InstanceContext } from './instances';
import type { Logger } from './log';
import type { PluginContext } from './plugin-context';
import type { DataQuery, QueryDataHandler, RawQueryInfo } from './query-data';
import type { DataSourceSettings } from './settings';
import type { PublishStreamHandler, RunStreamHandler, SubscribeStreamHandler } from './stream';

/** Who caused an error: the plugin itself or the system it queries. */
export type ErrorSourceName = ErrorSource;

/** What a handler knows about the request it serves, beside the request itself. */
export interface RequestContext<I = unknown> {
  /** Who asks (user, org), which datasource (settings) and Grafana's per-request config. */
  plugin: PluginContext;
  /** The datasource instance from `createInstance` (undefined without one). */
  instance: I;
  /** Aborts when Grafana cancels the call or its deadline passes. Pass it to every upstream call. */
  signal: AbortSignal;
  /** Milliseconds until the deadline; Infinity without one, 0 once passed. */
  remainingMs(): number;
  /** The call's deadline, when Grafana set one (alerting does). */
  deadline?: Date;
  /** Logger with this request's fields (endpoint, pluginId, pluginVersion, dsUid, uname, Grafana's log params). */
  logger: Logger;
  /** Request headers Grafana forwards (keys as sent; QueryData/CheckHealth keys start with `http_`). */
  headers: Record<string, string>;
}

/**
 * Everything a plugin may implement; every handler is optional. A missing handler answers
 * gRPC UNIMPLEMENTED, which Grafana reports as "method not implemented".
 *
 * @typeParam I - the datasource instance type returned by `createInstance`
 * @typeParam Q - the query model type returned by `parseQuery`
 */
export interface ServeOptions<I = unknown, Q = unknown> {
  /**
   * Creates the state for one datasource (HTTP clients, pools), once per uid and settings
   * version, lazily on its first request. The previous instance is disposed when settings change.
   */
  createInstance?(settings: DataSourceSettings, ctx: InstanceContext): I | Promise<I>;
  /** Releases an instance; default: its `dispose()` method when it has one. */
  disposeInstance?(instance: I): void | Promise<void>;
  /**
   * Validates and converts one query's parsed JSON. A throw becomes that query's error
   * (status 400 unless the error carries one, source plugin); the handler never sees the query.
   */
  parseQuery?(json: unknown, query: RawQueryInfo): Q;
  /** Answers a query request. See `queryEach` for per-query isolation. */
  queryData?: QueryDataHandler<I, Q>;
  checkHealth?: CheckHealthHandler<I>;
  callResource?: CallResourceHandler<I>;
  subscribeStream?: SubscribeStreamHandler<I>;
  runStream?: RunStreamHandler<I>;
  publishStream?: PublishStreamHandler<I>;
  /** Registry whose metrics CollectMetrics returns (default: Node default metrics + request metrics). */
  metrics?: Registry;
  /** Logger for the runtime and handlers (default: hclog JSON on stderr). */
  logger?: Logger;
}

export type { DataQuery, InstanceContext };
