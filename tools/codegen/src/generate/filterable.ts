/**
 * Which response fields the query editor's filter builder offers (`filterable` in the editor
 * schema). The heuristic: an operation supports filtering when it returns a list of rows and has
 * at least one query or body parameter named exactly like one of its response fields (`status`,
 * `customer_id`) — such a parameter filters on that field, so the kit sends an `eq` filter on it to
 * the API. The builder then offers every scalar response field: those with a parameter first (they
 * filter server-side for `=`), the rest after (the kit filters the fetched rows and says so in a
 * notice). Paging parameters, nested (`json`) fields and operations returning one object get none.
 * @module
 */
import type { Operation } from '../schema';
import { allParams } from './runtime-model';

/** The filterable fields of `op`, or `undefined` when the spec shows no filtering for it. */
export function filterableFields(op: Operation): string[] | undefined {
  const res = op.response;
  if (!res || res.itemsPath === undefined) return undefined;
  const scalar = res.fields.filter((f) => f.path && f.type !== 'json').map((f) => f.path);
  const paging = new Set(
    op.pagination ? [op.pagination.requestParam, op.pagination.limitParam].filter(Boolean) : [],
  );
  const params = new Set(
    allParams(op)
      .filter((p) => p.in === 'query' || p.style === 'body')
      .map((p) => p.name)
      .filter((n) => !paging.has(n)),
  );
  const serverSide = scalar.filter((f) => params.has(f));
  if (serverSide.length === 0) return undefined;
  return [...serverSide, ...scalar.filter((f) => !params.has(f))];
}
