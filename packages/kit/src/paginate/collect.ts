/**
 * Drains a paginator into one list, keeping the generator's return value (how paging ended),
 * which a `for await` loop would drop.
 * @module
 */
import type { Notice } from '@dsforge/backend';

import type { Paginator, Truncation } from './paginate';

/** Everything a paginator produced. */
export interface CollectedPages<R, T> {
  /** Every item, in page order. */
  items: T[];
  /** Every page response, in order (for fields besides the items). */
  responses: R[];
  pages: number;
  rows: number;
  /** Set when a limit or a loop cut the result. */
  truncated?: Truncation;
  /** The notices to add to the query result: the truncation warning, or none. */
  notices: Notice[];
}

/**
 * Runs a paginator to the end. Throws whatever the paginator throws (the signal's reason on
 * abort, `fetchPage` errors) — pages fetched before the error are lost; iterate the generator
 * yourself to keep them (e.g. for a partial result).
 *
 * @example
 * const { items, notices } = await collectPages(paginateNextToken({ ... }));
 * return { frames: [jsonToFrame(items)], notices };
 */
export async function collectPages<R, T>(paginator: Paginator<R, T>): Promise<CollectedPages<R, T>> {
  const items: T[] = [];
  const responses: R[] = [];
  for (;;) {
    const step = await paginator.next();
    if (step.done) {
      const { pages, rows, truncated } = step.value;
      return truncated
        ? { items, responses, pages, rows, truncated, notices: [truncated.notice] }
        : { items, responses, pages, rows, notices: [] };
    }
    items.push(...step.value.items);
    responses.push(step.value.response);
  }
}
