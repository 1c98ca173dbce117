/**
 * Paginated APIs in the five common styles. Each page is a row array, or a {@link Scenario} that
 * answers that page instead (e.g. `status(500)` to make page 2 fail for partial-result tests).
 *
 * | kind | request | response |
 * |---|---|---|
 * | `next-token` | `?nextToken=<t>` (none for page 1) | `{ items, nextToken: string \| null }` |
 * | `cursor` | `?cursor=<c>` (none for page 1) | `{ items, nextCursor: string \| null }` (opaque base64) |
 * | `link` | `?page=<n>` (1-based) | body = row array; `Link: <abs-url?page=n+1>; rel="next"` unless last |
 * | `offset` | `?offset=<o>&limit=<l>` (limit defaults to the first page's size; any limit works) | `{ items, offset, limit, total }` |
 * | `page-number` | `?page=<n>` (1-based) | `{ items, page, totalPages }` |
 *
 * Requests past the last page get an empty page with no next link.
 * @module
 */
import type { Exchange, Scenario } from './types';

/** Pagination style. */
export type PaginationKind = 'next-token' | 'cursor' | 'link' | 'offset' | 'page-number';

/** The pagination styles, for iterating in tests. */
export const PAGINATION_KINDS: readonly PaginationKind[] = [
  'next-token',
  'cursor',
  'link',
  'offset',
  'page-number',
];

/** A page: its rows, or a scenario answering that page. */
export type Page = unknown[] | Scenario;

/** Options of {@link paginated}. */
export interface PaginatedOptions {
  /** Name of the rows array in object responses (default `items`). */
  itemsKey?: string;
}

const cursorOf = (index: number) => Buffer.from(JSON.stringify({ page: index })).toString('base64url');

function indexOfCursor(cursor: string): number {
  try {
    const page = (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { page?: unknown }).page;
    return typeof page === 'number' ? page : -1;
  } catch {
    return -1;
  }
}

/** Serves `pages` in the given pagination style (see the module table). */
export function paginated(kind: PaginationKind, pages: Page[], opts: PaginatedOptions = {}): Scenario {
  const itemsKey = opts.itemsKey ?? 'items';
  const firstRows = pages.find((p): p is unknown[] => Array.isArray(p));
  const pageSize = Math.max(1, firstRows?.length ?? 1);
  const rowsOf = (i: number) => {
    const p = pages[i];
    return Array.isArray(p) ? p : [];
  };
  const isLast = (i: number) => i >= pages.length - 1;

  return (ex: Exchange) => {
    let index: number;
    let body: (rows: unknown[]) => unknown;
    let headers: Record<string, string> = {};
    switch (kind) {
      case 'next-token': {
        const token = ex.query.nextToken;
        index = token === undefined ? 0 : Number(/^page-(\d+)$/.exec(token)?.[1] ?? NaN) - 1;
        body = (rows) => ({ [itemsKey]: rows, nextToken: isLast(index) ? null : `page-${index + 2}` });
        break;
      }
      case 'cursor': {
        const cursor = ex.query.cursor;
        index = cursor === undefined ? 0 : indexOfCursor(cursor);
        body = (rows) => ({ [itemsKey]: rows, nextCursor: isLast(index) ? null : cursorOf(index + 1) });
        break;
      }
      case 'link': {
        index = Number(ex.query.page ?? 1) - 1;
        body = (rows) => rows;
        if (!isLast(index) && index >= 0) {
          const next = new URL(ex.url);
          next.searchParams.set('page', String(index + 2));
          headers = { link: `<${next.href}>; rel="next"` };
        }
        break;
      }
      case 'offset': {
        // Real offset semantics over the rows of all pages; a scenario page answers once the
        // requested offset reaches it (it stands for `pageSize` rows).
        const limit = Math.max(1, Number(ex.query.limit ?? pageSize));
        const offset = Number(ex.query.offset ?? 0);
        if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit)) {
          ex.send(400, { error: 'bad offset/limit', query: ex.query });
          return;
        }
        const sizes = pages.map((p) => (Array.isArray(p) ? p.length : pageSize));
        const total = sizes.reduce((a, b) => a + b, 0);
        let i = 0;
        let start = 0;
        while (i < pages.length && start + sizes[i]! <= offset) start += sizes[i++]!;
        const holding = pages[i];
        if (typeof holding === 'function') return holding(ex);
        const rows: unknown[] = [];
        for (let j = i, at = start; j < pages.length && rows.length < limit; j++) {
          const p = pages[j]!;
          if (typeof p === 'function') break;
          for (const row of p) if (at++ >= offset && rows.length < limit) rows.push(row);
        }
        ex.send(200, { [itemsKey]: rows, offset, limit, total });
        return;
      }
      case 'page-number': {
        index = Number(ex.query.page ?? 1) - 1;
        body = (rows) => ({ [itemsKey]: rows, page: index + 1, totalPages: pages.length });
        break;
      }
      default:
        throw new Error(
          `unknown pagination kind ${String(kind)}; expected one of ${PAGINATION_KINDS.join(', ')}`,
        );
    }
    if (!Number.isInteger(index) || index < 0) {
      ex.send(400, { error: `bad ${kind} page reference`, query: ex.query });
      return;
    }
    const page = pages[index];
    if (typeof page === 'function') return page(ex);
    // Past the end: rowsOf() gives an empty page and isLast() no next reference.
    ex.send(200, body(rowsOf(index)), headers);
  };
}
