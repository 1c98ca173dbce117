/**
 * Pagination patterns of REST operations mapped to the kit's paginator kinds, from request
 * parameter names, response body fields and a `Link` response header.
 * @module
 */
import { propertiesOf } from './fields';
import type { JsonSchemaLite, Pagination, Param } from './model';

const norm = (s: string): string => s.toLowerCase().replace(/[_\-]/g, '');

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
  const param = (names: string[]): Param | undefined =>
    names.map((n) => query.find((p) => norm(p.name) === n)).find((p) => p !== undefined);
  const limit = param(LIMIT_PARAMS)?.name;
  // Drops undefined keys so the model has no `responsePath: undefined` entries.
  const withLimit = (p: Pagination): Pagination =>
    Object.fromEntries(
      Object.entries(limit ? { ...p, limitParam: limit } : p).filter(([, v]) => v !== undefined),
    ) as Pagination;
  const fields = bodyFields(input.schema);
  const field = (names: string[], url = false): string | undefined =>
    names
      .map((n) => fields.find(([path, s]) => lastKey(path) === n && isUrl(path, s) === url))
      .find((f) => f !== undefined)?.[0];

  if (input.headers.some((h) => h.toLowerCase() === 'link')) {
    return withLimit({ kind: 'linkHeader', requestParam: '', reason: 'response header "Link"' });
  }
  const token = param(TOKEN_PARAMS);
  if (token) {
    const responsePath = field(NEXT_TOKEN) ?? field(['next']);
    return withLimit({
      kind: 'nextToken',
      requestParam: token.name,
      responsePath,
      reason: reason(token, responsePath),
    });
  }
  const cursor = param(CURSOR_PARAMS);
  // `after`/`start_cursor` alone may be a time filter: a cursor needs a cursor field in the body,
  // unless the parameter is literally called `cursor`.
  const cursorPath = field(NEXT_CURSOR) ?? field(NEXT_TOKEN);
  const isDate = cursor?.format === 'date-time' || cursor?.format === 'date';
  if (cursor && !isDate && (cursorPath || norm(cursor.name) === 'cursor')) {
    return withLimit({
      kind: 'cursor',
      requestParam: cursor.name,
      responsePath: cursorPath,
      reason: reason(cursor, cursorPath),
    });
  }
  const offset = param(OFFSET_PARAMS);
  if (offset)
    return withLimit({ kind: 'offset', requestParam: offset.name, reason: reason(offset, undefined) });
  const page = param(PAGE_PARAMS);
  if (page)
    return withLimit({ kind: 'pageNumber', requestParam: page.name, reason: reason(page, undefined) });
  const nextUrl = field(['next', 'nextpage', 'nexturl', 'nextlink'], true);
  if (nextUrl) {
    // A next-page URL in the body is followed like a Link header, from this path instead.
    return withLimit({
      kind: 'linkHeader',
      requestParam: '',
      responsePath: nextUrl,
      responseIsUrl: true,
      reason: `response field "${nextUrl}" holds the next page URL`,
    });
  }
  return undefined;
}

function reason(p: Param, responsePath: string | undefined): string {
  return `query param "${p.name}"${responsePath ? ` + response field "${responsePath}"` : ''}`;
}
