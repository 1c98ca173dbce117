/**
 * The executable schema: examples/schemas/orders.graphql built with graphql-js `buildSchema`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, type GraphQLSchema } from 'graphql';

/** Where the SDL lives in the repository. */
export const SCHEMA_PATH = join(__dirname, '../../schemas/orders.graphql');

let cached: GraphQLSchema | undefined;

/** The orders schema, read once. */
export function ordersSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));
  return cached;
}
