/**
 * {@link openApiQuery}: the query function of an OpenAPI-generated datasource. One function runs
 * every generated operation: parameters to an HTTP request under the spec's base path, the
 * datasource's upstream client (auth, timeouts, retries, error categories), the operation's
 * pagination, and the rows shaped into one frame.
 * @module
 */
import type { Frame } from '@dsforge/backend';

import type { QueryFn, UpstreamResponse } from '../types';
import { applyTimeRange } from './macros';
import { filterRows, planFilters } from './filters';
import { fetchRows, type SendPage } from './paging';
import { checkRequired, parseOperationQuery } from './parse';
import { buildRequest } from './request';
import { decodeBody, rowsToFrame } from './shape';
import type {
  OperationHookContext,
  OperationQuery,
  OperationQueryOptions,
  OperationRequest,
  OperationSpec,
} from './types';

/** Default page limit of generated datasources (the kit's paginators allow 100). */
export const DEFAULT_OPERATION_MAX_PAGES = 10;

/**
 * Returns the query function for `operations` (the generated `src/generated/operations.ts`).
 *
 * Per query, in order:
 * 1. the query JSON is checked (`operationId` known, `params` an object) — else `invalid_query`;
 * 2. `eq` filters on fields with a same-named parameter become that parameter (see `filters.ts`);
 *    time-range macros and defaults fill parameters (see `macros.ts`); a required parameter still
 *    empty is `invalid_query` naming it;
 * 3. the request is built (path, query string, headers, JSON body) under `opts.basePath`;
 * 4. `beforeRequest` may change it; it is sent with `ctx.fetch` and the query's signal (read
 *    operations are marked idempotent, so the kit may retry them);
 * 5. the body is decoded (JSON, else text) and `afterResponse` may replace it;
 * 6. pagination follows the operation's style until no next page, `maxPages` (default 10, a
 *    query's `maxPages` can only lower it) or `maxRows` (default 100 000) — a cut adds a warning;
 * 7. the rows become one frame named after the operation (`rootPath`, `timeField`, `fields` from
 *    the query; else the spec's items path and response fields) after the remaining filters
 *    dropped rows (with an info notice saying filtering happened here), then `afterFrames` runs.
 *
 * Upstream errors arrive as DsErrors from the kit's upstream client (401 → authentication_failed,
 * 429 → rate_limited, …).
 *
 * @example
 * serve(createDatasource({ query: openApiQuery(operations, { basePath: '/api/v1', ...hooks }) }));
 */
export function openApiQuery<I = unknown>(
  operations: readonly OperationSpec[],
  opts: OperationQueryOptions<I> = {},
): QueryFn<OperationQuery, I> {
  const maxPagesLimit = opts.maxPages ?? DEFAULT_OPERATION_MAX_PAGES;
  return async (q, ctx) => {
    const { query, operation } = parseOperationQuery(q.json ?? q.query, operations);
    const plan = planFilters(operation, query.filters ?? [], query.params ?? {});
    const values = applyTimeRange(operation.params, { ...query.params, ...plan.params }, q.timeRange);
    checkRequired(operation, values);
    const pagingParams = new Set(
      operation.pagination ? [operation.pagination.requestParam] : ([] as string[]),
    );
    const base = buildRequest(
      operation,
      Object.fromEntries(Object.entries(values).filter(([k]) => !pagingParams.has(k))),
      opts.basePath ?? '',
    );
    const dq = { ...q, query };
    const hc = (page: number): OperationHookContext<I> => ({ query: dq, operation, ctx, page });
    const send: SendPage = async (req, page) => {
      const r: OperationRequest = (await opts.beforeRequest?.(req, hc(page))) ?? req;
      const res: UpstreamResponse = await ctx.fetch({
        url: r.url,
        method: r.method,
        headers: r.headers,
        ...(r.body === undefined ? {} : { body: JSON.stringify(r.body) }),
        signal: ctx.signal,
        idempotent: true,
      });
      let body = decodeBody(res);
      if (opts.afterResponse) {
        const replaced = await opts.afterResponse(body, res, hc(page));
        if (replaced !== undefined) body = replaced;
      }
      return { body, headers: res.headers };
    };
    const paged = await fetchRows(operation, query, base, values, send, {
      signal: ctx.signal,
      maxPages: Math.min(query.maxPages ?? maxPagesLimit, maxPagesLimit),
      maxRows: opts.maxRows ?? 100_000,
    });
    const filtered = filterRows(paged.rows, plan.clientSide);
    const frame = rowsToFrame(filtered.rows, operation, query);
    frame.meta = { ...frame.meta, executedQueryString: `${base.method} ${base.url}` };
    let frames: Frame[] = [frame];
    if (opts.afterFrames) frames = await opts.afterFrames(frames, { query: dq, operation, ctx });
    return { frames, notices: [...paged.notices, ...(filtered.notice ? [filtered.notice] : [])] };
  };
}
