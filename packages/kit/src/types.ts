/**
 * The two middleware layers of the kit and the values that flow through them. Every other module
 * of `@dsforge/kit` builds on these shapes.
 *
 * - Query layer: `QueryMiddleware = (next: QueryFn) => QueryFn` around the datasource's query
 *   function (timeout, retry, breaker, limits, cache, error categories).
 * - Upstream layer: `UpstreamMiddleware = (next: Fetch) => Fetch` around every HTTP call to the
 *   upstream (auth, user agent, response limit, error source).
 *
 * In a list, the first middleware is the outermost.
 * @module
 */
import type { DataQuery, Frame, Logger, Notice, PluginContext, User } from '@dsforge/backend';

import type { Clock } from './clock';

/** What one query sees besides the query itself. Middlewares may narrow `signal`/`remainingMs`. */
export interface QueryContext<I = unknown> {
  plugin: PluginContext;
  instance: I;
  /** Aborts when Grafana cancels, the deadline passes or a middleware's timeout fires. */
  signal: AbortSignal;
  /** Milliseconds until the effective deadline (Infinity without one, never negative). */
  remainingMs(): number;
  logger: Logger;
  /** Headers Grafana forwarded (`http_Authorization`, `http_X-Grafana-Id`, ...). */
  headers: Record<string, string>;
  /** The user who asks; undefined when Grafana itself asks (alerting, recorded queries). */
  user?: User;
  /** Clock for every wait; tests pass a fake one. */
  clock: Clock;
  /** The upstream client for this datasource instance (auth and limits already applied). */
  fetch: Fetch;
  /** Correlation id of this query, also in every log line and error about it. */
  correlationId: string;
}

/** What a query function returns: frames plus notices the kit attaches to the first frame. */
export interface QueryResult {
  frames: Frame[];
  /** Extra notices (partial results, cache age, truncation). */
  notices?: Notice[];
}

/** Runs one query. Throwing is fine: the categorize middleware turns it into a `DsError`. */
export type QueryFn<Q = unknown, I = unknown> = (
  query: DataQuery<Q>,
  ctx: QueryContext<I>,
) => Promise<QueryResult>;

/** A query middleware: a named wrapper. Build one with {@link queryMiddleware}. */
export interface QueryMiddleware {
  readonly middlewareName: string;
  <Q, I>(next: QueryFn<Q, I>): QueryFn<Q, I>;
}

/** One HTTP request to an upstream. URLs are absolute or relative to the upstream's base URL. */
export interface UpstreamRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Always set: the query's signal. The request's socket closes when it aborts. */
  signal: AbortSignal;
  /** Safe to repeat (GET/HEAD/OPTIONS default true, others false). Retries only repeat these. */
  idempotent?: boolean;
  /** Per-request timeouts in ms; defaults come from the upstream's options. */
  timeouts?: Partial<UpstreamTimeouts>;
  /** The query context, for auth that depends on the user or Grafana's forwarded headers. */
  context?: Pick<QueryContext, 'user' | 'headers' | 'plugin' | 'logger' | 'correlationId'>;
}

/** Connect, first-byte and total timeouts, each in ms. */
export interface UpstreamTimeouts {
  connectMs: number;
  firstByteMs: number;
  totalMs: number;
}

/** A whole upstream response (the body is read fully, within the response size limit). */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  url: string;
  text(): string;
  /** Parses the body as JSON; throws a `bad_response` DsError naming the URL when it is not. */
  json<T = unknown>(): T;
}

/** The upstream call signature every upstream middleware wraps. */
export type Fetch = (req: UpstreamRequest) => Promise<UpstreamResponse>;

/** An upstream middleware: a named wrapper. Build one with {@link upstreamMiddleware}. */
export interface UpstreamMiddleware {
  readonly middlewareName: string;
  (next: Fetch): Fetch;
}

/** Names a query middleware (the name is checked for duplicates when a chain is built). */
export function queryMiddleware(
  name: string,
  wrap: <Q, I>(next: QueryFn<Q, I>) => QueryFn<Q, I>,
): QueryMiddleware {
  return Object.assign(wrap, { middlewareName: name }) as QueryMiddleware;
}

/** Names an upstream middleware (the name is checked for duplicates when a chain is built). */
export function upstreamMiddleware(name: string, wrap: (next: Fetch) => Fetch): UpstreamMiddleware {
  return Object.assign(wrap, { middlewareName: name }) as UpstreamMiddleware;
}
