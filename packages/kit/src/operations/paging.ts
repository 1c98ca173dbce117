/**
 * Follows an operation's pagination with the kit's paginators. Each page goes through `send`
 * (hooks, fetch, decoding), the rows are read with {@link rowsOf}, and the paginator's limits
 * and loop detection apply; a limit that cuts the result becomes a warning notice.
 * @module
 */
import type { Notice } from '@dsforge/backend';

import { collectPages } from '../paginate/collect';
import { paginateLinkHeader } from '../paginate/link-header';
import { paginateOffset, paginatePageNumber } from '../paginate/offset';
import type { Paginator } from '../paginate/paginate';
import { paginateCursor } from '../paginate/token';
import { appendQuery } from './request';
import { getPath, rowsOf } from './shape';
import type { OperationQuery, OperationRequest, OperationSpec, PaginationSpec } from './types';

/** One fetched page: the decoded body and the response headers. */
export interface SentPage {
  body: unknown;
  headers: Record<string, string>;
}

/** Sends one page's request (`page` 0 for the first). */
export type SendPage = (req: OperationRequest, page: number) => Promise<SentPage>;

/** What paging produced. */
export interface PagedRows {
  rows: unknown[];
  notices: Notice[];
  pages: number;
}

/** Options of {@link fetchRows}. */
export interface FetchRowsOptions {
  signal: AbortSignal;
  maxPages: number;
  maxRows: number;
}

// Link-header paging needs absolute URLs; relative ones are carried under this origin and stripped again.
const PLACEHOLDER = 'http://dsforge.placeholder';

/** `req` with one pagination value set in the query string or the JSON body. */
export function withPageParam(
  req: OperationRequest,
  pg: PaginationSpec,
  name: string,
  value: unknown,
): OperationRequest {
  if (pg.requestIn === 'body') {
    const body = { ...(req.body as Record<string, unknown> | undefined), [name]: value };
    return { ...req, body };
  }
  return { ...req, url: appendQuery(req.url, [[name, value]]) };
}

function toInt(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Runs the first request and, when the operation paginates (and its rows are a list), the
 * following ones. `base` is the request without the pagination parameter; `values` are the
 * query's parameters (a cursor or offset the user set is where paging starts).
 */
export async function fetchRows(
  operation: OperationSpec,
  query: OperationQuery,
  base: OperationRequest,
  values: Record<string, unknown>,
  send: SendPage,
  opts: FetchRowsOptions,
): Promise<PagedRows> {
  const pg = operation.pagination;
  let index = 0;
  const page = (req: OperationRequest) => send(req, index++);
  const getItems = (p: SentPage) => rowsOf(p.body, operation, query);
  const common = { signal: opts.signal, maxPages: opts.maxPages, maxRows: opts.maxRows, getItems };
  if (!pg || operation.response?.itemsPath === undefined) {
    const p = await page(base);
    return { rows: getItems(p), notices: [], pages: 1 };
  }
  let paginator: Paginator<SentPage, unknown>;
  const start = values[pg.requestParam];
  switch (pg.kind) {
    case 'nextToken':
    case 'cursor':
      paginator = paginateCursor<SentPage, unknown>({
        ...common,
        ...(start !== undefined && start !== '' ? { startCursor: String(start) } : {}),
        fetchPage: ({ cursor }) =>
          page(
            cursor === undefined
              ? base
              : pg.responseIsUrl && /^https?:/i.test(cursor)
                ? { ...base, url: cursor, body: base.body }
                : withPageParam(base, pg, pg.requestParam, cursor),
          ),
        getNextCursor: (p) => getPath(p.body, pg.responsePath) as string | null | undefined,
        ...(pg.hasMorePath ? { hasMore: (p: SentPage) => getPath(p.body, pg.hasMorePath) !== false } : {}),
      });
      break;
    case 'linkHeader':
      paginator = paginateLinkHeader<SentPage, unknown>({
        ...common,
        url: /^https?:/i.test(base.url) ? base.url : PLACEHOLDER + base.url,
        fetchPage: ({ url }) =>
          page({ ...base, url: url.startsWith(PLACEHOLDER) ? url.slice(PLACEHOLDER.length) : url }),
        getLinkHeader: (p) => p.headers.link,
      });
      break;
    case 'offset': {
      const limit = pg.limitParam ? toInt(values[pg.limitParam]) : undefined;
      paginator = paginateOffset<SentPage, unknown>({
        ...common,
        ...(limit ? { limit } : {}),
        stopOnShortPage: limit !== undefined,
        startOffset: toInt(start) ?? 0,
        fetchPage: ({ offset, limit: l }) => {
          const r = withPageParam(base, pg, pg.requestParam, offset);
          return page(pg.limitParam && limit ? withPageParam(r, pg, pg.limitParam, l) : r);
        },
      });
      break;
    }
    case 'pageNumber': {
      const size = pg.limitParam ? toInt(values[pg.limitParam]) : undefined;
      paginator = paginatePageNumber<SentPage, unknown>({
        ...common,
        ...(size ? { pageSize: size } : {}),
        stopOnShortPage: size !== undefined,
        startPage: toInt(start) ?? 1,
        fetchPage: ({ page: n, pageSize }) => {
          const r = withPageParam(base, pg, pg.requestParam, n);
          return page(pg.limitParam && size ? withPageParam(r, pg, pg.limitParam, pageSize) : r);
        },
      });
      break;
    }
  }
  const collected = await collectPages(paginator);
  return { rows: collected.items, notices: collected.notices, pages: collected.pages };
}
