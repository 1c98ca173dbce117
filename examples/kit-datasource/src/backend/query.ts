/**
 * The example's query model: which upstream path to read, where the rows are and how to page.
 * Query JSON:
 *
 * ```json
 * { "path": "/api/items?x=1", "root": "items", "paginate": "next-token", "maxPages": 10, "pageSize": 100, "timeoutMs": 5000 }
 * ```
 *
 * `path` is relative to the datasource URL; `timeoutMs` is read by the kit's timeout middleware
 * (it can only shorten the datasource's limit).
 * @module
 */
import type { RawQueryInfo } from '@dsforge/backend';
import { dsError } from '@dsforge/kit';

/** Pagination styles the example speaks. */
export const PAGINATION_STYLES = ['next-token', 'cursor', 'link', 'offset', 'page-number'] as const;

/** A pagination style. */
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

/** One parsed query. */
export interface KitQuery {
  /** Upstream path (with query string), relative to the datasource URL. */
  path: string;
  /** Where the rows are in the (page) body, e.g. `items` or `$.data.rows`. Default: the whole body. */
  root?: string;
  /** Follow the upstream's pages in this style. */
  paginate?: PaginationStyle;
  /** Page limit (default: the kit's). */
  maxPages?: number;
  /** Items per request for offset and page-number styles (default 100). */
  pageSize?: number;
}

const invalid = (message: string) =>
  dsError('invalid_query', { message, suggestion: 'Fix the query in the query editor.' });

function positiveInt(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw invalid(`Query field "${name}" must be a positive integer, got ${JSON.stringify(v)}.`);
  }
  return v;
}

/** Validates a query's JSON; a throw becomes that query's `invalid_query` error. */
export function parseKitQuery(json: unknown, _info?: RawQueryInfo): KitQuery {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw invalid('The query must be a JSON object with a "path".');
  }
  const j = json as Record<string, unknown>;
  if (typeof j.path !== 'string' || !j.path.startsWith('/')) {
    throw invalid('Query field "path" must be an upstream path starting with "/", e.g. "/api/items".');
  }
  const q: KitQuery = { path: j.path };
  if (j.root !== undefined) {
    if (typeof j.root !== 'string') throw invalid('Query field "root" must be a string such as "items".');
    q.root = j.root;
  }
  if (j.paginate !== undefined) {
    if (!PAGINATION_STYLES.includes(j.paginate as PaginationStyle)) {
      throw invalid(
        `Query field "paginate" must be one of ${PAGINATION_STYLES.join(', ')}; got ${JSON.stringify(j.paginate)}.`,
      );
    }
    q.paginate = j.paginate as PaginationStyle;
  }
  const maxPages = positiveInt(j.maxPages, 'maxPages');
  if (maxPages !== undefined) q.maxPages = maxPages;
  const pageSize = positiveInt(j.pageSize, 'pageSize');
  if (pageSize !== undefined) q.pageSize = pageSize;
  return q;
}

/** `path` with `params` set in its query string (undefined values left out). */
export function withParams(path: string, params: Record<string, string | number | undefined>): string {
  const u = new URL(path, 'http://placeholder');
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.pathname + u.search;
}
