/**
 * Opaque cursors and keyset pages. A cursor is the base64url of the last row's id (the spec's
 * example `b3JkXzEwMDE` is `ord_1001`); the next page starts after that row in the list's order,
 * so pages stay stable while new orders are created at the top.
 * @module
 */

/** A request the caller got wrong; the servers turn it into a 400 with this message. */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';
}

/** The opaque cursor pointing after the row with this id. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** The row id inside a cursor; throws {@link InvalidRequestError} when it is not one of ours. */
export function decodeCursor(cursor: string, idPattern: RegExp): string {
  const id = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!idPattern.test(id)) {
    throw new InvalidRequestError(
      `cursor "${cursor}" is not valid; pass the next_cursor of the previous page unchanged`,
    );
  }
  return id;
}

/** One page of rows plus the cursor of the following page (null on the last one). */
export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
  /** True when rows exist before this page (GraphQL `hasPreviousPage`). */
  hasPrevious: boolean;
  /** Rows matching before paging (GraphQL `totalCount`). */
  total: number;
}

/**
 * Slices `rows` (already filtered and sorted) after the row the cursor names. `position` finds
 * where that row would sit when it is filtered out (e.g. its status changed): the index of the
 * first row that sorts after it.
 */
export function paginate<T extends { id: string }>(
  rows: T[],
  limit: number,
  afterId: string | undefined,
  position: (afterId: string) => number,
): Page<T> {
  let start = 0;
  if (afterId !== undefined) {
    const at = rows.findIndex((r) => r.id === afterId);
    start = at >= 0 ? at + 1 : position(afterId);
  }
  const slice = rows.slice(start, start + limit);
  const more = start + limit < rows.length;
  return {
    rows: slice,
    nextCursor: more && slice.length > 0 ? encodeCursor(slice[slice.length - 1]!.id) : null,
    hasPrevious: start > 0,
    total: rows.length,
  };
}
