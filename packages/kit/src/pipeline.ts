/**
 * {@link createDatasource}: a datasource's `ServeOptions` from one query function. Per
 * datasource instance it builds the upstream client (auth, limits, error tagging); per query a
 * {@link QueryContext} with a correlation id; it runs the composed query middleware chain for
 * every query of a request concurrently and puts each answer — data, notices or a classified
 * error — on the wire.
 * @module
 */
import { randomUUID } from 'node:crypto';

import {
  createMetricsRegistry,
  Frame,
  queryEach,
  type CheckHealthResult,
  type DataQuery,
  type DataResponse,
  type DataSourceSettings,
  type InstanceContext,
  type Notice,
  type RawQueryInfo,
  type RequestContext,
  type ServeOptions,
} from '@dsforge/backend';

import { systemClock, type Clock } from './clock';
import {
  defaultQueryMiddlewares,
  type DefaultQueryMiddlewareOptions,
  type DefaultUpstreamMiddlewareOptions,
} from './defaults';
import { errorResponse } from './errors';
import { reportQueryError } from './middleware/categorize-errors';
import type {
  BreakerRegistry,
  BreakerStateInfo,
  CircuitBreakerMiddleware,
} from './middleware/circuit-breaker';
import { composeQuery } from './query-middleware';
import type {
  Fetch,
  QueryContext,
  QueryFn,
  QueryMiddleware,
  QueryResult,
  UpstreamMiddleware,
  UpstreamTimeouts,
} from './types';
import type { TlsOptions } from './upstream';
import { checkHealthWith, type HealthFn } from './pipeline-health';
import { closeFetch, upstreamFor } from './pipeline-upstream';
import { parseDataQuery } from './pipeline-parse';

/** What the kit keeps per datasource instance; `ctx.instance` of handlers you add yourself. */
export interface DatasourceInstance<I = unknown> {
  settings: DataSourceSettings;
  /** The upstream client (auth and limits applied). */
  fetch: Fetch;
  /** What your `createInstance` returned (`ctx.instance` in query functions). */
  state: I;
  /** Releases the instance: your `disposeInstance` (or `state.dispose()`), then the connection pool. */
  dispose(): Promise<void>;
}

/** Options of the upstream client built per instance. */
export interface UpstreamOptions extends Omit<DefaultUpstreamMiddlewareOptions, 'clock'> {
  /** Replaces the default upstream middleware list. */
  middlewares?: UpstreamMiddleware[];
  /** Edits the default list (`userAgent`, auth, `responseLimit`, `tagErrors`); duplicate names throw. */
  configure?(defaults: UpstreamMiddleware[], settings: DataSourceSettings): UpstreamMiddleware[];
  /** Connect / first-byte / total defaults; the datasource's jsonData `timeout` overrides them. */
  timeouts?: Partial<UpstreamTimeouts>;
  /**
   * Builds the client instead of `createUpstream` (tests, non-HTTP upstreams). `tls` holds the
   * TLS options from the settings (mTLS client certificate, private CA, skip verify).
   */
  create?(
    settings: DataSourceSettings,
    middlewares: UpstreamMiddleware[],
    clock: Clock,
    tls?: TlsOptions,
  ): Fetch;
}

/** Options of {@link createDatasource}. */
export interface CreateDatasourceOptions<Q, I = undefined> {
  /** Runs one query. `ctx.fetch` calls the upstream; pass `ctx.signal` on. Throw freely. */
  query: QueryFn<Q, I>;
  /**
   * Validates and converts a query's JSON. A throw is that query's `invalid_query` error (400,
   * with the `dsforgeError` frame and a correlation id): a DsError as thrown, anything else with
   * its message (or the fields a schema library lists) as the reason. The query function and the
   * middlewares never see an invalid query.
   */
  parseQuery?(json: unknown, info: RawQueryInfo): Q;
  /** Builds your per-datasource state (`ctx.instance`); gets the instance's upstream client. */
  createInstance?(
    settings: DataSourceSettings,
    ctx: InstanceContext & { fetch: Fetch; clock: Clock },
  ): I | Promise<I>;
  /** Releases your state (default: its `dispose()` when it has one). */
  disposeInstance?(state: I): void | Promise<void>;
  /**
   * "Save & test". Return a result, a message (status ok), or nothing; throw a DsError (or
   * anything) for an ERROR with an actionable message. Runs with a short deadline.
   */
  checkHealth?: HealthFn<I>;
  /** Deadline of a health check in ms (default 10 000). */
  healthTimeoutMs?: number;
  /** Replaces the default query middleware list. */
  middlewares?: QueryMiddleware[];
  /** Edits the default query middleware list (reorder, remove, insert); duplicate names throw. */
  configure?(defaults: QueryMiddleware[]): QueryMiddleware[];
  /** Options of the default query middlewares (timeout, retry, limits, breaker, cache). */
  defaults?: DefaultQueryMiddlewareOptions;
  /** Clock for every wait (tests pass a fake one). */
  clock?: Clock;
  /** The upstream client. */
  upstream?: UpstreamOptions;
  /** Queries of one request run at once (default: Grafana's concurrent query count, else 10). */
  concurrency?: number;
}

/** A short random id for one query (8 hex characters), in its log lines and errors. */
export function newCorrelationId(): string {
  // The first 8 hex digits of a v4 UUID are random; randomUUID draws from a cached entropy pool,
  // several times cheaper per query than randomBytes(4) (see bench/kit-pipeline.bench.ts).
  return randomUUID().slice(0, 8);
}

/** Notices go on the first frame's meta; with no frame, on an empty frame made for them. */
export function attachNotices(
  frames: Frame[],
  notices: readonly Notice[] | undefined,
  refId: string,
): Frame[] {
  if (!notices || notices.length === 0) return frames;
  const out = frames.length > 0 ? frames : [new Frame({ name: '', refId, fields: [] })];
  const first = out[0]!;
  first.meta = { ...first.meta, notices: [...(first.meta?.notices ?? []), ...notices] };
  return out;
}

/** A query result as the query's DataResponse. */
export function resultToResponse(result: QueryResult, refId: string): DataResponse {
  return { frames: attachNotices([...result.frames], result.notices, refId) };
}

/**
 * Runs `chain` for one query and returns its DataResponse; never throws. A thrown error is
 * classified and logged once (already done when `categorizeErrors` is in the chain) and becomes
 * the error response: user sentence, status, errorSource and the `dsforgeError` frame.
 */
export async function runQuery<Q, I>(
  chain: QueryFn<Q, I>,
  query: DataQuery<Q>,
  ctx: QueryContext<I>,
): Promise<DataResponse> {
  try {
    return resultToResponse(await chain(query, ctx), query.refId);
  } catch (err) {
    return errorResponse(reportQueryError(err, ctx, query.refId), query.refId);
  }
}

/** The query context for one query of a request. */
export function queryContext<I>(
  rctx: RequestContext<DatasourceInstance<I>>,
  clock: Clock,
  refId: string,
  correlationId = newCorrelationId(),
): QueryContext<I> {
  const inst = rctx.instance;
  const logger = rctx.logger.with({ refId, correlationId });
  const user = rctx.plugin.user;
  const base = {
    plugin: rctx.plugin,
    instance: inst?.state as I,
    signal: rctx.signal,
    remainingMs: () => rctx.remainingMs(),
    logger,
    headers: rctx.headers,
    clock,
    correlationId,
    ...(user ? { user } : {}),
  };
  const upstream = inst?.fetch;
  const context = { user, headers: rctx.headers, plugin: rctx.plugin, logger, correlationId };
  const fetch: Fetch = (req) => {
    if (!upstream)
      return Promise.reject(
        new Error('the datasource has no instance (no datasource settings in the request)'),
      );
    return upstream({ ...req, signal: req.signal ?? base.signal, context: req.context ?? context });
  };
  return { ...base, fetch };
}

/** The query chain `createDatasource` runs: `middlewares`, else `configure(defaults)`, else the defaults. */
export function buildQueryChain<Q, I>(
  opts: CreateDatasourceOptions<Q, I>,
  clock: Clock,
): { chain: QueryFn<Q, I>; middlewares: QueryMiddleware[] } {
  const defaults = () => defaultQueryMiddlewares({ ...(opts.clock ? { clock } : {}), ...opts.defaults });
  const middlewares = opts.middlewares ?? (opts.configure ? opts.configure(defaults()) : defaults());
  return { chain: composeQuery(middlewares, opts.query), middlewares };
}

/** The breaker states of the circuit breakers in `middlewares`, for one upstream key. */
function breakerStatesOf(middlewares: readonly QueryMiddleware[]): (key: string) => BreakerStateInfo[] {
  const registries = middlewares
    .map((m) => (m as Partial<CircuitBreakerMiddleware>).registry)
    .filter((r): r is BreakerRegistry => r !== undefined && typeof r.state === 'function');
  return (key) => registries.map((r) => r.state(key)).filter((s): s is BreakerStateInfo => s !== undefined);
}

/**
 * Builds `ServeOptions` for `serve()` from one query function: per instance the upstream client,
 * per query a context with a correlation id and the composed middleware chain (defaults from
 * {@link defaultQueryMiddlewares}, replaced by `middlewares` or edited by `configure`). The chain
 * is built once, here, so a bad middleware list fails at startup. Add other handlers by spreading:
 * `serve({ ...createDatasource(opts), callResource })` (their `ctx.instance` is a {@link DatasourceInstance}).
 *
 * @example
 * serve(createDatasource({
 *   async query(q, ctx) {
 *     const res = await ctx.fetch({ url: '/api/points', signal: ctx.signal });
 *     return { frames: [toFrame(res.json())] };
 *   },
 * }));
 */
export function createDatasource<Q = unknown, I = undefined>(
  opts: CreateDatasourceOptions<Q, I>,
): ServeOptions<DatasourceInstance<I>, Q> {
  const clock = opts.clock ?? systemClock;
  // One registry for the runtime's request metrics and the middlewares' (breaker state, retries),
  // so CollectMetrics shows both without any set-up.
  const metrics = opts.defaults?.metrics ?? createMetricsRegistry();
  const { chain, middlewares } = buildQueryChain({ ...opts, defaults: { ...opts.defaults, metrics } }, clock);
  const breakers = breakerStatesOf(middlewares);
  const parse = opts.parseQuery?.bind(opts);

  const serveOptions: ServeOptions<DatasourceInstance<I>, Q> = {
    metrics,
    async createInstance(settings, ictx) {
      const fetch = upstreamFor(opts, settings, clock);
      let state: I;
      try {
        state = (
          opts.createInstance ? await opts.createInstance(settings, { ...ictx, fetch, clock }) : undefined
        ) as I;
      } catch (err) {
        await closeFetch(fetch);
        throw err;
      }
      return {
        settings,
        fetch,
        state,
        async dispose() {
          try {
            if (opts.disposeInstance) await opts.disposeInstance(state);
            else await (state as { dispose?: () => unknown } | undefined)?.dispose?.();
          } finally {
            await closeFetch(fetch);
          }
        },
      };
    },
    disposeInstance: (instance) => instance.dispose(),
    // parseQuery is not handed to serve(): its throw would be a bare 400 without the kit's error
    // frame and correlation id. It runs here, per query, before the chain (a query that fails
    // validation is never retried, counted by the breaker or queued).
    queryData: queryEach<DatasourceInstance<I>, Q>(
      (query, rctx) => {
        const ctx = queryContext<I>(rctx, clock, query.refId);
        let parsed: DataQuery<Q>;
        try {
          parsed = parse ? parseDataQuery(parse, query) : query;
        } catch (err) {
          return Promise.resolve(errorResponse(reportQueryError(err, ctx, query.refId), query.refId));
        }
        return runQuery(chain, parsed, ctx);
      },
      opts.concurrency === undefined ? {} : { concurrency: opts.concurrency },
    ),
  };
  if (opts.checkHealth) {
    const health = opts.checkHealth;
    const ms = opts.healthTimeoutMs ?? 10_000;
    serveOptions.checkHealth = (_req, rctx): Promise<CheckHealthResult> =>
      checkHealthWith(health, queryContext<I>(rctx, clock, 'health'), ms, breakers);
  }
  return serveOptions;
}
