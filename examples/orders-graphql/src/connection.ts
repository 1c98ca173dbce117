/**
 * Relay connections over the store's keyset pages: `first`/`after` in, `edges { cursor node }`,
 * `pageInfo` and `totalCount` out. Cursors are the same opaque tokens the REST API uses.
 * @module
 */
import { encodeCursor, type Page } from '@dsforge/example-orders-api';
import { GraphQLError } from 'graphql';

/** The largest `first` a connection accepts (the REST API's page size limit). */
export const MAX_FIRST = 500;

/** A Relay connection of `T`. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

/** Checks `first`; a value out of range is a GraphQL error naming the argument. */
export function checkFirst(first: number | null | undefined, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_FIRST) {
    throw new GraphQLError(`first must be between 1 and ${MAX_FIRST}, got ${n}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return n;
}

/** A page of rows as a connection, mapping each row to its GraphQL object. */
export function toConnection<R extends { id: string }, T>(page: Page<R>, node: (row: R) => T): Connection<T> {
  const edges = page.rows.map((r) => ({ cursor: encodeCursor(r.id), node: node(r) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.nextCursor !== null,
      hasPreviousPage: page.hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: page.total,
  };
}
