/**
 * Paginators for the five styles the example speaks, over the query context's upstream client.
 * Response shapes are the common ones (the mock upstream's): `{ items, nextToken }`,
 * `{ items, nextCursor }`, row array + `Link: rel="next"`, `{ items, total }`,
 * `{ items, totalPages }`.
 * @module
 */
import {
  paginateCursor,
  paginateLinkHeader,
  paginateNextToken,
  paginateOffset,
  paginatePageNumber,
  retryCall,
  selectJsonPath,
  type Paginator,
  type QueryContext,
  type UpstreamResponse,
} from '@dsforge/kit';

import { withParams, type KitQuery, type PaginationStyle } from './query';

type Body = Record<string, unknown>;

/** The rows of a page body: at `root` when given, else `items`, else the body when it is an array. */
export function rowsOf(body: unknown, root: string | undefined): unknown[] {
  const v = root ? selectJsonPath(body, root) : Array.isArray(body) ? body : (body as Body | null)?.items;
  return Array.isArray(v) ? v : [];
}

const field = (body: Body, key: string) => {
  const v = body[key];
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
};

/** A paginator for `q.paginate` reading through `ctx.fetch`. */
export function paginatorFor(
  q: KitQuery,
  style: PaginationStyle,
  ctx: QueryContext,
): Paginator<unknown, unknown> {
  // retryCall: a transient failure of one page repeats that page (the kit's retry policy), not
  // the whole query; when it still fails, the pages read so far are kept as a partial result.
  const get = async (path: string, signal: AbortSignal) =>
    (await retryCall(ctx, () => ctx.fetch({ url: path, signal }))).json<Body>();
  const common = {
    signal: ctx.signal,
    getItems: (body: unknown) => rowsOf(body, q.root),
    ...(q.maxPages ? { maxPages: q.maxPages } : {}),
  };
  const pageSize = q.pageSize ?? 100;
  switch (style) {
    case 'next-token':
      return paginateNextToken<unknown, unknown>({
        ...common,
        fetchPage: ({ token }, signal) => get(withParams(q.path, { nextToken: token }), signal),
        getNextToken: (b) => field(b as Body, 'nextToken')?.toString(),
      });
    case 'cursor':
      return paginateCursor<unknown, unknown>({
        ...common,
        fetchPage: ({ cursor }, signal) => get(withParams(q.path, { cursor }), signal),
        getNextCursor: (b) => field(b as Body, 'nextCursor'),
      });
    case 'link': {
      // Link URLs are absolute; the first one is the datasource URL plus the path.
      const base = ctx.plugin.dataSource?.url ?? 'http://localhost';
      return paginateLinkHeader<UpstreamResponse, unknown>({
        ...common,
        getItems: (res) => rowsOf(res.json(), q.root),
        url: new URL(q.path, base).href,
        fetchPage: ({ url }, signal) => retryCall(ctx, () => ctx.fetch({ url, signal })),
      }) as Paginator<unknown, unknown>;
    }
    case 'offset':
      return paginateOffset<unknown, unknown>({
        ...common,
        limit: pageSize,
        fetchPage: ({ offset, limit }, signal) => get(withParams(q.path, { offset, limit }), signal),
        getTotal: (b) => Number(field(b as Body, 'total') ?? NaN) || undefined,
      });
    case 'page-number':
      return paginatePageNumber<unknown, unknown>({
        ...common,
        pageSize,
        fetchPage: ({ page, pageSize: size }, signal) =>
          get(withParams(q.path, { page, per_page: size }), signal),
        getTotalPages: (b) => Number(field(b as Body, 'totalPages') ?? NaN) || undefined,
      });
  }
}
