/**
 * Offset/limit and page-number pagination. These APIs do not say "no more pages" with a token,
 * so paging ends at a total the response reports, on a short page (fewer items than asked
 * for), or on an empty page.
 * @module
 */
import { checkCommon, pageLoop, type PaginateCommon, type Paginator } from './paginate';

function pageSize(v: number | undefined, name: string): number {
  if (v === undefined) return 100;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer (got ${v})`);
  return v;
}

/** Options for {@link paginateOffset}. */
export interface OffsetOptions<R, T> extends PaginateCommon<R, T> {
  /** Fetches `limit` items starting at `offset`. */
  fetchPage(params: { offset: number; limit: number }, signal: AbortSignal): Promise<R>;
  /** Items per request. Default 100. */
  limit?: number;
  /** First offset. Default 0. */
  startOffset?: number;
  /** Total items, when the API reports it; paging stops when the offset reaches it. */
  getTotal?(response: R): number | null | undefined;
  /**
   * Stop on a page with fewer than `limit` items (default true). Set false for servers that cap
   * the page size below the requested limit: paging then ends on an empty page or the total.
   */
  stopOnShortPage?: boolean;
}

/**
 * Pages with `offset`/`limit`. The next offset is the previous one plus the items received.
 * Stops on abort (throws the signal's reason), an empty page, a short page, the reported total,
 * or the page/row limits (truncation notice in the return value; use `collectPages`).
 *
 * @example
 * const pages = paginateOffset({
 *   signal: ctx.signal,
 *   limit: 500,
 *   fetchPage: ({ offset, limit }, signal) =>
 *     ctx.fetch({ url: `/rows?offset=${offset}&limit=${limit}`, signal }).then((r) => r.json<Body>()),
 *   getItems: (b) => b.rows,
 *   getTotal: (b) => b.total,
 * });
 */
export function paginateOffset<R, T>(opts: OffsetOptions<R, T>): Paginator<R, T> {
  const limits = checkCommon(opts);
  const limit = pageSize(opts.limit, 'limit');
  let offset = opts.startOffset ?? 0;
  return pageLoop(opts, limits, { params: { offset, limit } }, (response, items) => {
    offset += items.length;
    const total = opts.getTotal?.(response);
    if (typeof total === 'number' && offset >= total) return undefined;
    if (opts.stopOnShortPage !== false && items.length < limit && typeof total !== 'number') return undefined;
    return { params: { offset, limit } };
  });
}

/** Options for {@link paginatePageNumber}. */
export interface PageNumberOptions<R, T> extends PaginateCommon<R, T> {
  /** Fetches page `page` of `pageSize` items. */
  fetchPage(params: { page: number; pageSize: number }, signal: AbortSignal): Promise<R>;
  /** Items per page. Default 100. */
  pageSize?: number;
  /** Number of the first page. Default 1. */
  startPage?: number;
  /** Total pages, when the API reports it; paging stops after that page. */
  getTotalPages?(response: R): number | null | undefined;
  /** Stop on a page with fewer than `pageSize` items (default true); see `paginateOffset`. */
  stopOnShortPage?: boolean;
}

/**
 * Pages with `page`/`pageSize`. Stops like {@link paginateOffset}, with the total given in pages.
 *
 * @example
 * const pages = paginatePageNumber({
 *   signal: ctx.signal,
 *   fetchPage: ({ page, pageSize }, signal) => api.search({ page, per_page: pageSize }, signal),
 *   getItems: (b) => b.results,
 *   getTotalPages: (b) => b.total_pages,
 * });
 */
export function paginatePageNumber<R, T>(opts: PageNumberOptions<R, T>): Paginator<R, T> {
  const limits = checkCommon(opts);
  const size = pageSize(opts.pageSize, 'pageSize');
  let page = opts.startPage ?? 1;
  const first = page;
  return pageLoop(opts, limits, { params: { page, pageSize: size } }, (response, items) => {
    const totalPages = opts.getTotalPages?.(response);
    if (typeof totalPages === 'number' && page - first + 1 >= totalPages) return undefined;
    if (opts.stopOnShortPage !== false && items.length < size && typeof totalPages !== 'number')
      return undefined;
    page += 1;
    return { params: { page, pageSize: size } };
  });
}
