/**
 * Which operations become query types in the generated plugin (reads) and which stay writes.
 * @module
 */

/** Words that make a POST a read: `POST /orders/search`, `listOrders`, `PostQuery`. */
const READ_WORD = /^(search|query|queries|find|list|lookup|export)/i;

/** Splits an identifier into words: camelCase, PascalCase, snake_case, kebab-case, dots. */
export function words(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

/** The input of {@link classifyOperation}. */
export interface ClassifyInput {
  method: string;
  path: string;
  operationId?: string;
  /** The `x-dsforge-query` extension, if set. */
  extension?: unknown;
}

/**
 * Decides whether an operation is a query, with the reason.
 *
 * - `x-dsforge-query: true|false` wins.
 * - GET operations are queries.
 * - POST operations are queries when a word of the operationId, or the last path segment, starts
 *   with search/query/find/list/lookup/export (case-insensitive). Matching whole words keeps
 *   e.g. `PostPlaylists` (a create) from counting as a "list".
 * - Everything else (other POSTs, PUT, PATCH, DELETE, HEAD, OPTIONS) is not a query.
 */
export function classifyOperation(op: ClassifyInput): { isQuery: boolean; queryReason: string } {
  if (op.extension === true) return { isQuery: true, queryReason: 'marked x-dsforge-query: true' };
  if (op.extension === false) return { isQuery: false, queryReason: 'marked x-dsforge-query: false' };
  const method = op.method.toUpperCase();
  if (method === 'GET') return { isQuery: true, queryReason: 'GET operations read' };
  if (method === 'POST') {
    const idWord = op.operationId ? words(op.operationId).find((w) => READ_WORD.test(w)) : undefined;
    if (idWord) return { isQuery: true, queryReason: `POST whose operationId has the read word "${idWord}"` };
    const last = op.path.split('/').filter(Boolean).pop() ?? '';
    const segWord = last.startsWith('{') ? undefined : words(last).find((w) => READ_WORD.test(w));
    if (segWord)
      return { isQuery: true, queryReason: `POST whose last path segment "${last}" is a read word` };
    return {
      isQuery: false,
      queryReason: 'POST that is not a search/query/find/list/lookup/export: a write',
    };
  }
  if (method === 'HEAD' || method === 'OPTIONS')
    return { isQuery: false, queryReason: `${method} returns no data` };
  return { isQuery: false, queryReason: `${method} is a write` };
}
