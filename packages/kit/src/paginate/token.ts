/**
 * Token and cursor pagination: each response names the next page with an opaque string
 * (`nextPageToken`, `next_cursor`, `after`), or the last item's id serves as the cursor.
 * @module
 */
import { checkCommon, pageLoop, type PaginateCommon, type Paginator } from './paginate';

/** Options for {@link paginateNextToken}. */
export interface NextTokenOptions<R, T> extends PaginateCommon<R, T> {
  /** Fetches one page; `token` is undefined for the first page. Pass `signal` to the request. */
  fetchPage(params: { token?: string }, signal: AbortSignal): Promise<R>;
  /** The next page's token; undefined, null or `""` means this was the last page. */
  getNextToken(response: R): string | null | undefined;
}

/**
 * Pages through a next-token API.
 *
 * Order per page: `fetchPage` → `getItems` (empty → stop) → yield → `getNextToken` decides.
 * Stops (see `pageLoop`): abort (throws the signal's reason), empty page, no token, a token
 * seen before (loop; truncation notice), `maxPages` (default 100) or `maxRows` (default 100,000)
 * reached while more pages exist (truncation notice in the return value; use `collectPages`).
 * Throws a TypeError/RangeError at call time for bad options; errors from `fetchPage` propagate.
 *
 * @example
 * const pages = paginateNextToken({
 *   signal: ctx.signal,
 *   fetchPage: ({ token }, signal) =>
 *     ctx.fetch({ url: `/items${token ? `?page_token=${token}` : ''}`, signal }).then((r) => r.json<Body>()),
 *   getItems: (body) => body.items,
 *   getNextToken: (body) => body.nextPageToken,
 * });
 */
export function paginateNextToken<R, T>(opts: NextTokenOptions<R, T>): Paginator<R, T> {
  const limits = checkCommon(opts);
  if (typeof opts.getNextToken !== 'function')
    throw new TypeError('paginateNextToken: `getNextToken` must be a function');
  return pageLoop(opts, limits, { params: {} }, (response) => {
    const token = opts.getNextToken(response);
    return token ? { params: { token }, key: token } : undefined;
  });
}

/** Options for {@link paginateCursor}. */
export interface CursorOptions<R, T> extends PaginateCommon<R, T> {
  /** Fetches one page; `cursor` is undefined for the first page (or `startCursor`). */
  fetchPage(params: { cursor?: string }, signal: AbortSignal): Promise<R>;
  /**
   * The cursor for the next page: from the response (`next_cursor`) or the last item
   * (`items.at(-1).id`, for `starting_after=` APIs). Undefined, null or `""` ends paging.
   */
  getNextCursor(response: R, items: readonly T[]): string | number | null | undefined;
  /** When given and false, this was the last page whatever the cursor says (`has_more`). */
  hasMore?(response: R): boolean;
  /** Cursor of the first request. Default: none. */
  startCursor?: string;
}

/**
 * Pages through a cursor API. Same order, limits and stop rules as {@link paginateNextToken};
 * additionally `hasMore(response) === false` ends paging. A cursor repeated by the server stops
 * paging with a notice instead of looping until the page limit.
 *
 * @example
 * const pages = paginateCursor({
 *   signal: ctx.signal,
 *   fetchPage: ({ cursor }, signal) => api.list({ starting_after: cursor, limit: 100 }, signal),
 *   getItems: (page) => page.data,
 *   hasMore: (page) => page.has_more,
 *   getNextCursor: (_page, items) => items.at(-1)?.id,
 * });
 */
export function paginateCursor<R, T>(opts: CursorOptions<R, T>): Paginator<R, T> {
  const limits = checkCommon(opts);
  if (typeof opts.getNextCursor !== 'function')
    throw new TypeError('paginateCursor: `getNextCursor` must be a function');
  const start = opts.startCursor;
  return pageLoop(
    opts,
    limits,
    { params: start === undefined ? {} : { cursor: start }, key: start },
    (response, items) => {
      if (opts.hasMore && !opts.hasMore(response)) return undefined;
      const c = opts.getNextCursor(response, items);
      if (c === null || c === undefined || c === '') return undefined;
      const cursor = String(c);
      return { params: { cursor }, key: cursor };
    },
  );
}
