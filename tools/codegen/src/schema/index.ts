/**
 * Schema readers: an OpenAPI (2.0/3.0/3.1) or GraphQL schema to one normalized, serializable
 * `ApiModel` the code generator renders from.
 *
 * @example
 * const model = await readSchema('examples/schemas/orders.openapi.yaml');
 * const reads = filterOperations(model, { exclude: ['*Slow*'] }).operations.filter((o) => o.isQuery);
 * @module
 */
import { extname, resolve } from 'node:path';

import { readGraphql } from './graphql';
import { isDirectory, readText } from './load';
import type { ApiModel, ReadOptions } from './model';
import { readOpenApi } from './openapi';

export type * from './model';
export { SchemaError } from './errors';
export { filterOperations, type OperationFilter } from './filter';
export { readOpenApi } from './openapi';
export { readGraphql } from './graphql';
export { classifyOperation } from './classify';

/** `graphql` for `.graphql`/`.gql` files and introspection JSON (`__schema`), else `openapi`. */
export function detectSchemaKind(path: string): 'openapi' | 'graphql' {
  const abs = resolve(path);
  if (isDirectory(abs)) return 'openapi';
  const ext = extname(abs).toLowerCase();
  if (ext === '.graphql' || ext === '.gql' || ext === '.graphqls') return 'graphql';
  if (ext === '.json') return /"__schema"\s*:/.test(readText(abs).slice(0, 4096)) ? 'graphql' : 'openapi';
  return 'openapi';
}

/**
 * Reads a schema file or directory into an `ApiModel`, detecting its kind unless `opts.kind`
 * says. Throws `SchemaError` (file, line, column, hint) when the schema cannot be read.
 */
export async function readSchema(path: string, opts: ReadOptions = {}): Promise<ApiModel> {
  const kind = opts.kind ?? detectSchemaKind(path);
  return kind === 'graphql' ? readGraphql(path) : readOpenApi(path);
}
