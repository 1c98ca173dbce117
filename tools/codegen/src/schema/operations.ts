/**
 * Walks `paths` and builds one `Operation` per method. Problems inside one operation skip that
 * operation with a warning naming it; only a broken document (`SchemaError`) stops the read.
 * @module
 */
import { classifyOperation, words } from './classify';
import { derefObj, isObj, securityNames, type Obj, type OpenApiContext } from './context';
import { SchemaError, UnsupportedError } from './errors';
import type { Operation, SkippedOperation } from './model';
import { detectPagination } from './pagination';
import { bodyUnusable, readParams } from './params';
import { readResponse } from './response';
import { readServers3 } from './servers';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A stable id from method and path: `GET /orders/{id}/items` → `getOrdersByIdItems`. */
export function deriveOperationId(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => {
      const param = /^\{(.+)\}$/.exec(seg);
      return param ? ['by', ...words(param[1]!)] : words(seg);
    });
  return [method.toLowerCase(), ...parts.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

/** What `readOperations` returns. */
export interface OperationsResult {
  operations: Operation[];
  skipped: SkippedOperation[];
  warnings: string[];
}

/** Reads every operation of the document. */
export function readOperations(ctx: OpenApiContext, file: string): OperationsResult {
  const out: OperationsResult = { operations: [], skipped: [], warnings: [] };
  const paths = isObj(ctx.root.paths) ? ctx.root.paths : {};
  const ids = new Set<string>();
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = derefObj(ctx, rawItem, file);
    for (const method of METHODS) {
      const rawOp = item.node[method];
      if (!isObj(rawOp)) continue;
      const opId = typeof rawOp.operationId === 'string' ? rawOp.operationId : undefined;
      const label = `${method.toUpperCase()} ${path}${opId ? ` (${opId})` : ''}`;
      try {
        const { op, notes } = buildOperation(ctx, path, method, item, { node: rawOp, file: item.file });
        for (const note of [...notes, ...ctx.schemas.takeNotes()]) out.warnings.push(`${label}: ${note}`);
        if (ids.has(op.id)) {
          let n = 2;
          while (ids.has(`${op.id}_${n}`)) n++;
          out.warnings.push(`${label}: operationId "${op.id}" is used twice; this one is "${op.id}_${n}"`);
          op.id = `${op.id}_${n}`;
        }
        ids.add(op.id);
        out.operations.push(op);
      } catch (e) {
        ctx.schemas.takeNotes();
        if (e instanceof SchemaError) throw e;
        const reason =
          e instanceof UnsupportedError ? e.message : `could not be read (${(e as Error).message})`;
        out.skipped.push({ operation: label, reason });
        out.warnings.push(`${label} skipped: ${reason}`);
      }
    }
  }
  return out;
}

function buildOperation(
  ctx: OpenApiContext,
  path: string,
  method: string,
  item: { node: Obj; file: string },
  opRef: { node: Obj; file: string },
): { op: Operation; notes: string[] } {
  const node = opRef.node;
  const { params, body, notes } = readParams(ctx, item, opRef);
  const { response, headers } = readResponse(ctx, opRef, path);
  const operationId = typeof node.operationId === 'string' ? node.operationId : undefined;
  const verdict = classifyOperation({ method, path, operationId, extension: node['x-dsforge-query'] });
  if (verdict.isQuery && bodyUnusable(body)) {
    throw new UnsupportedError(
      `request body only as ${body!.contentTypes.join(', ')}, which a query cannot send`,
    );
  }
  if (node.callbacks !== undefined) notes.push('callbacks are ignored');
  const op: Operation = {
    id: operationId ?? deriveOperationId(method, path),
    method: method.toUpperCase(),
    path,
    tags: Array.isArray(node.tags) ? node.tags.map(String) : [],
    ...verdict,
    params,
    security: node.security !== undefined ? securityNames(node.security) : ctx.security,
  };
  const summary = typeof node.summary === 'string' ? node.summary : undefined;
  const description = typeof node.description === 'string' ? node.description : undefined;
  if (summary) op.summary = summary;
  if (description) op.description = description;
  if (node.deprecated === true) op.deprecated = true;
  if (body) op.body = body;
  if (response) op.response = response;
  // Only reads page: a write answering with `links.next` is not a list to walk.
  const pagination = verdict.isQuery
    ? detectPagination({
        params,
        schema: response?.schema,
        headers,
        body: body?.schema,
        rows: response?.itemsPath !== undefined,
      })
    : undefined;
  if (pagination) op.pagination = pagination;
  const servers = node.servers ?? item.node.servers;
  if (Array.isArray(servers) && servers.length > 0) op.servers = readServers3(servers, (w) => notes.push(w));
  return { op, notes };
}
