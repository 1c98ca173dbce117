/**
 * The page loop every paginator shares: fetch a page, yield its items, ask the style-specific
 * `next` for the following request, and stop — on abort (throwing the signal's reason), on an
 * empty page, when there is no next page, on the page or row limit, or when the upstream hands
 * back a token it already gave (a loop). A limit or a loop that cuts the result is reported in
 * the generator's return value with a warning notice the caller shows the user.
 * @module
 */
import type { Notice } from '@dsforge/backend';

/** Default page limit. */
export const DEFAULT_MAX_PAGES = 100;
/** Default row limit. */
export const DEFAULT_MAX_ROWS = 100_000;

/** Options every paginator takes. */
export interface PaginateCommon<R, T> {
  /** The query's signal: aborting stops paging and the generator throws the signal's reason. */
  signal: AbortSignal;
  /** Stop after this many pages (default {@link DEFAULT_MAX_PAGES}). */
  maxPages?: number;
  /** Stop after this many items (default {@link DEFAULT_MAX_ROWS}); the last page is cut to fit. */
  maxRows?: number;
  /** The items (rows) of one page. An empty list ends paging. */
  getItems(response: R): readonly T[] | null | undefined;
}

/** One fetched page. */
export interface Page<R, T> {
  /** This page's items (the last page cut to the row limit). */
  items: T[];
  /** The whole page response, for fields besides the items. */
  response: R;
  /** 0 for the first page. */
  index: number;
}

/** Why paging stopped before the upstream ran out of pages. */
export interface Truncation {
  reason: 'maxPages' | 'maxRows' | 'repeatedToken';
  /** The configured limit that was hit (pages or rows); for a loop, the pages fetched. */
  limit: number;
  /** The warning to show the user. */
  notice: Notice;
}

/** What a paginator returns when it finishes. */
export interface PaginationEnd {
  pages: number;
  rows: number;
  /** Set when a limit or a loop cut the result. */
  truncated?: Truncation;
}

/** A paginator: yields pages, returns how it ended. */
export type Paginator<R, T> = AsyncGenerator<Page<R, T>, PaginationEnd, undefined>;

/** The next request: its parameters and the token/URL that identifies it (for loop detection). */
export interface NextRequest<P> {
  params: P;
  key?: string;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The notice for a truncation, with the configured figure. */
export function truncation(reason: Truncation['reason'], limit: number): Truncation {
  const text =
    reason === 'maxPages'
      ? `Result truncated: stopped after ${count(limit)} pages (limit). Narrow the query to see all data.`
      : reason === 'maxRows'
        ? `Result truncated: stopped after ${count(limit)} rows (limit). Narrow the query to see all data.`
        : `Result may be incomplete: the upstream returned the same page token twice, so paging stopped after ${count(limit)} pages to avoid a loop.`;
  return { reason, limit, notice: { severity: 'warning', text } };
}

function positiveInt(v: number | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer (got ${v})`);
  return v;
}

/** Checks the common options; throws a TypeError/RangeError at call time, not on first page. */
export function checkCommon<R, T>(
  opts: PaginateCommon<R, T> & { fetchPage: unknown },
): { maxPages: number; maxRows: number } {
  if (!(opts?.signal instanceof AbortSignal))
    throw new TypeError('paginate: `signal` must be an AbortSignal');
  if (typeof opts.fetchPage !== 'function') throw new TypeError('paginate: `fetchPage` must be a function');
  if (typeof opts.getItems !== 'function') throw new TypeError('paginate: `getItems` must be a function');
  return {
    maxPages: positiveInt(opts.maxPages, 'maxPages', DEFAULT_MAX_PAGES),
    maxRows: positiveInt(opts.maxRows, 'maxRows', DEFAULT_MAX_ROWS),
  };
}

/**
 * Runs the page loop. `next(response, items, pageIndex)` returns the following request, or
 * undefined when the upstream says there are no more pages. The first request's `key` (a URL,
 * say) counts as seen for loop detection.
 * @internal
 */
export async function* pageLoop<P, R, T>(
  opts: PaginateCommon<R, T> & { fetchPage(params: P, signal: AbortSignal): Promise<R> },
  limits: { maxPages: number; maxRows: number },
  first: NextRequest<P>,
  next: (response: R, items: readonly T[], pageIndex: number) => NextRequest<P> | undefined,
): Paginator<R, T> {
  const { signal } = opts;
  const seen = new Set<string>();
  if (first.key !== undefined) seen.add(first.key);
  let params = first.params;
  let pages = 0;
  let rows = 0;
  const end = (truncated?: Truncation): PaginationEnd =>
    truncated ? { pages, rows, truncated } : { pages, rows };
  for (;;) {
    signal.throwIfAborted();
    const response = await opts.fetchPage(params, signal);
    // fetchPage may have ignored the signal; never hand out a page fetched for a cancelled query.
    signal.throwIfAborted();
    const all = opts.getItems(response) ?? [];
    if (all.length === 0) return end();
    pages++;
    const room = limits.maxRows - rows;
    const items = all.length > room ? all.slice(0, room) : [...all];
    rows += items.length;
    const following = next(response, all, pages - 1);
    yield { items, response, index: pages - 1 };
    if (all.length > room) return end(truncation('maxRows', limits.maxRows));
    if (!following) return end();
    if (following.key !== undefined) {
      if (seen.has(following.key)) return end(truncation('repeatedToken', pages));
      seen.add(following.key);
    }
    if (rows >= limits.maxRows) return end(truncation('maxRows', limits.maxRows));
    if (pages >= limits.maxPages) return end(truncation('maxPages', limits.maxPages));
    params = following.params;
  }
}
