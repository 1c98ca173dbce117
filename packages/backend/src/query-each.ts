/**
 * `queryEach`: the usual shape of a queryData handler, one function per query, run concurrently,
 * each query's throw isolated to that query's answer.
 */
import { Frame } from './data';
import { eachConcurrently } from './each-concurrently';
import { toErrorResponse } from './error-source';
import type { RequestContext } from './handler';
import type { DataQuery, DataResponse, QueryDataHandler, QueryDataResponse } from './query-data';

/** Options for {@link queryEach}. */
export interface QueryEachOptions {
  /**
   * How many queries of one request run at once. Default: Grafana's `GF_CONCURRENT_QUERY_COUNT`
   * for the request, else 10.
   */
  concurrency?: number;
}

const DEFAULT_CONCURRENCY = 10;

function toDataResponse(value: DataResponse | Frame[] | Frame | undefined): DataResponse {
  if (value === undefined || value === null) return { frames: [] };
  if (Array.isArray(value)) return { frames: value };
  if (value instanceof Frame) return { frames: [value] };
  return value;
}

/**
 * Turns a per-query function into a `queryData` handler. The function returns frames or a
 * {@link DataResponse}; a throw becomes that query's error (its `status`/`source` when it has
 * them, else 500 plugin) while the other queries still answer.
 *
 * @example
 * serve({ queryData: queryEach(async (q, ctx) => [await fetchFrame(q.query, ctx.signal)]) });
 */
export function queryEach<I = unknown, Q = unknown>(
  fn: (query: DataQuery<Q>, ctx: RequestContext<I>) => Promise<DataResponse | Frame[] | Frame>,
  options: QueryEachOptions = {},
): QueryDataHandler<I, Q> {
  return async (req, ctx): Promise<QueryDataResponse> => {
    const limit =
      options.concurrency ?? ctx.plugin.grafanaConfig.concurrentQueryCount() ?? DEFAULT_CONCURRENCY;
    const responses: Record<string, DataResponse> = {};
    await eachConcurrently(req.queries, limit, async (query) => {
      try {
        responses[query.refId] = toDataResponse(await fn(query, ctx));
      } catch (err) {
        const e = toErrorResponse(err);
        ctx.logger.error('query failed', { refId: query.refId, error: e.error });
        responses[query.refId] = { error: e.error, status: e.status, errorSource: e.errorSource };
      }
    });
    return { responses };
  };
}
