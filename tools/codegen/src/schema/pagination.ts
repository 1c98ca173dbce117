/**
 * Pagination patterns of REST operations mapped to the kit's paginator kinds, from request
 * parameter names, response body fields and a `Link` response header.
 * @module
 */
import { propertiesOf } from './fields';
import type { JsonSchemaLite, Pagination, PaginationKind, Param } from './model';

const norm = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

const TOKEN_PARAMS = ['pagetoken', 'nexttoken', 'continuationtoken', 'nextpagetoken'];
const CURSOR_PARAMS = ['cursor', 'after', 'startingafter', 'startcursor', 'pagecursor'];
const OFFSET_PARAMS = ['offset', 'skip'];
const PAGE_PARAMS = ['page', 'pagenumber', 'pagenum'];
const LIMIT_PARAMS = ['limit', 'perpage', 'pagesize', 'maxresults', 'pagelimit', 'size', 'count', 'first'];
/** Body field names holding the next token/cursor/URL, by what they hold. */
const NEXT_TOKEN = ['nexttoken', 'nextpagetoken', 'continuationtoken', 'pagetoken'];
const NEXT_CURSOR = ['nextcursor', 'cursor', 'endcursor', 'after', 'next'];

/** Everything the detector looks at for one operation. */
export interface PaginationInput {
  params: Param[];
  /** Response body schema, if any. */
  schema?: JsonSchemaLite;
  /** Response header names (any case). */
  headers: string[];
  /** Request body schema: POST searches often take the cursor in the body. */
  body?: JsonSchemaLite;
  /** True when the response holds a list of rows (`itemsPath` found): a single resource with a
   * `links.next` is not a page. */
  rows: boolean;
}

/** Dotted paths of body fields (outside arrays, 3 levels deep) with their schemas. */
function bodyFields(schema: JsonSchemaLite | undefined): [string, JsonSchemaLite][] {
  const out: [string, JsonSchemaLite][] = [];
  const walk = (s: JsonSchemaLite, prefix: string, depth: number): void => {
    for (const [k, p] of Object.entries(propertiesOf(s))) {
      const path = prefix ? `${prefix}.${k}` : k;
      out.push([path, p]);
      if (depth < 3 && !p.circular && p.type !== 'array') walk(p, path, depth + 1);
    }
  };
  if (schema && schema.type !== 'array') walk(schema, '', 1);
  return out;
}

const lastKey = (path: string): string => norm(path.split('.').pop()!);
const isUrl = (path: string, s: JsonSchemaLite): boolean =>
  s.format === 'uri' || s.format === 'url' || /(^|\.)links?\.next$/i.test(path) || /url$/i.test(path);

/** Detects how an operation paginates; undefined when it does not look paginated. */
export function detectPagination(input: PaginationInput): Pagination | undefined {
  const query = input.params.filter((p) => p.in === 'query');
  // Top-level body properties count as parameters when the query string has none of the names.
  const bodyParams = Object.entries(input.body?.properties ?? {}).map(([name, s]): Param => ({
    name,
    in: 'query',
    required: false,
    schema: s,
    ...(s.format ? { format: s.format } : {}),
  }));
  const inBody = new Set<Param>(bodyParams);
  const param = (names: string[]): Param | undefined =>
    names
      .map((n) => query.find((p) => norm(p.name) === n) ?? bodyParams.find((p) => norm(p.name) === n))
      .find((p) => p !== undefined);
  const limit = param(LIMIT_PARAMS)?.name;
  const fields = bodyFields(input.schema);
  const field = (names: string[], url = false): string | undefined =>
    names
      .map((n) => fields.find(([path, s]) => lastKey(path) === n && isUrl(path, s) === url))
      .find((f) => f !== undefined)?.[0];
  /** A result from the parameter `via` (undefined for URL-following kinds), without undefined keys. */
  const result = (
    kind: PaginationKind,
    via: Param | undefined,
    responsePath?: string,
    why?: string,
  ): Pagination => {
    const p: Pagination = {
      kind,
      requestParam: via?.name ?? '',
      reason:
        why ??
        `${via && inBody.has(via) ? 'body property' : 'query param'} "${via?.name}"${responsePath ? ` + response field "${responsePath}"` : ''}`,
    };
    if (via && inBody.has(via)) p.requestIn = 'body';
    if (responsePath) p.responsePath = responsePath;
    if (limit) p.limitParam = limit;
    return p;
  };

  if (input.headers.some((h) => h.toLowerCase() === 'link')) {
    return result('linkHeader', undefined, undefined, 'response header "Link"');
  }
  const token = param(TOKEN_PARAMS);
  if (token) return result('nextToken', token, field(NEXT_TOKEN) ?? field(['next']));
  const cursor = param(CURSOR_PARAMS);
  // `after`/`start_cursor` alone may be a time filter: a cursor needs a cursor field in the body,
  // unless the parameter is literally called `cursor`.
  const cursorPath = field(NEXT_CURSOR) ?? field(NEXT_TOKEN);
  const isDate = cursor?.format === 'date-time' || cursor?.format === 'date';
  if (cursor && !isDate && (cursorPath || norm(cursor.name) === 'cursor'))
    return result('cursor', cursor, cursorPath);
  const offset = param(OFFSET_PARAMS);
  if (offset) return result('offset', offset);
  const page = param(PAGE_PARAMS);
  if (page) return result('pageNumber', page);
  const nextUrl = input.rows ? field(['next', 'nextpage', 'nexturl', 'nextlink'], true) : undefined;
  if (nextUrl) {
    // A next-page URL in the body is followed like a Link header, from this path instead.
    const p = result('linkHeader', undefined, nextUrl, `response field "${nextUrl}" holds the next page URL`);
    return { ...p, responseIsUrl: true };
  }
  return undefined;
}
