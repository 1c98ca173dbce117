/**
 * The successful response of an operation: content type, schema, rows and their fields.
 * @module
 */
import { derefObj, isObj, pickContentType, type Obj, type OpenApiContext } from './context';
import { findItemsPath, flattenFields, schemaAt } from './fields';
import type { JsonSchemaLite, ResponseInfo } from './model';
import { exampleOf } from './params';

/** Success statuses in the order a reader prefers them. */
function statusRank(code: string): number {
  if (code === '200') return 0;
  if (/^2\d\d$/.test(code)) return Number(code) - 199;
  if (/^2xx$/i.test(code)) return 200;
  if (code === 'default') return 300;
  return -1;
}

/** The response info and the response header names (for `Link` pagination). */
export interface ReadResponse {
  response?: ResponseInfo;
  headers: string[];
}

/** The rows' schema, given where the rows are. */
export function rowSchema(schema: JsonSchemaLite, itemsPath: string | undefined): JsonSchemaLite {
  if (itemsPath === undefined) return schema;
  const arr = itemsPath === '' ? schema : schemaAt(schema, itemsPath);
  return arr?.items ?? {};
}

/** Reads the first successful response that has a body (200 first, `default` last). */
export function readResponse(
  ctx: OpenApiContext,
  op: { node: Obj; file: string },
  path: string,
): ReadResponse {
  const responses = isObj(op.node.responses) ? op.node.responses : {};
  const codes = Object.keys(responses)
    .filter((c) => statusRank(c) >= 0)
    .sort((a, b) => statusRank(a) - statusRank(b));
  let headers: string[] = [];
  for (const status of codes) {
    const r = derefObj(ctx, responses[status], op.file);
    if (isObj(r.node.headers)) headers = [...headers, ...Object.keys(r.node.headers)];
    const found = ctx.version === '2.0' ? body2(ctx, op.node, r) : body3(ctx, r);
    if (!found) continue;
    const resource = path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .pop();
    const itemsPath = found.contentType.includes('json') ? findItemsPath(found.schema, resource) : undefined;
    const response: ResponseInfo = {
      status,
      contentType: found.contentType,
      schema: found.schema,
      ...(itemsPath !== undefined ? { itemsPath } : {}),
      fields: found.contentType.includes('json') ? flattenFields(rowSchema(found.schema, itemsPath)) : [],
    };
    if (found.example !== undefined) response.example = found.example;
    return { response, headers };
  }
  return { headers };
}

interface Found {
  contentType: string;
  schema: JsonSchemaLite;
  example?: unknown;
}

function body3(ctx: OpenApiContext, r: { node: Obj; file: string }): Found | undefined {
  const content = isObj(r.node.content) ? r.node.content : {};
  const contentType = pickContentType(Object.keys(content));
  if (!contentType) return undefined;
  const media = derefObj(ctx, content[contentType], r.file);
  const schema = media.node.schema !== undefined ? ctx.schemas.convert(media.node.schema, media.file) : {};
  return { contentType, schema, example: exampleOf(ctx, media.node, media.file) ?? schema.example };
}

function body2(ctx: OpenApiContext, op: Obj, r: { node: Obj; file: string }): Found | undefined {
  if (r.node.schema === undefined) return undefined;
  const types = Array.isArray(op.produces) ? op.produces.map(String) : ctx.produces;
  const contentType = pickContentType(types) ?? 'application/json';
  const schema = ctx.schemas.convert(r.node.schema, r.file);
  const examples = isObj(r.node.examples) ? r.node.examples : {};
  return {
    contentType,
    schema,
    example: examples[contentType] ?? Object.values(examples)[0] ?? schema.example,
  };
}
