/**
 * Loading a GraphQL schema from SDL (`.graphql`/`.gql`) or introspection JSON
 * (`{data: {__schema}}` or `{__schema}`), with errors as `SchemaError`s carrying line and column.
 * @module
 */
import { resolve } from 'node:path';

import {
  GraphQLError,
  buildASTSchema,
  buildClientSchema,
  parse,
  validateSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

import { SchemaError, locatePattern } from './errors';
import { parseText, readText } from './load';

/** A loaded schema and what was noticed while loading it. */
export interface LoadedGraphql {
  file: string;
  schema: GraphQLSchema;
  warnings: string[];
}

function fromGraphqlError(e: unknown, file: string, hint: string, text = ''): SchemaError {
  const message = e instanceof Error ? e.message : String(e);
  let loc: { line?: number; column?: number } | undefined =
    e instanceof GraphQLError ? e.locations?.[0] : undefined;
  // SDL validation errors come joined in a plain Error without locations: point at the first
  // use of the name the message quotes (`Unknown type "Order".` → where `Order` is used).
  const quoted = /"([_A-Za-z][_0-9A-Za-z]*)"/.exec(message)?.[1];
  if (!loc && quoted && text)
    loc = locatePattern(text, new RegExp(`(?<![_0-9A-Za-z])${quoted}(?![_0-9A-Za-z])`));
  return new SchemaError(
    `invalid GraphQL schema: ${message.split('\n')[0]}`,
    { file, line: loc?.line, column: loc?.column },
    hint,
  );
}

function fromIntrospection(data: unknown, file: string): GraphQLSchema {
  const obj = (data ?? {}) as { data?: { __schema?: unknown }; __schema?: unknown };
  const __schema = obj.data?.__schema ?? obj.__schema;
  if (__schema === undefined) {
    throw new SchemaError(
      'not a GraphQL introspection result: no "__schema" (or "data.__schema") at the top level',
      { file, line: 1 },
      'save the result of the standard introspection query, or pass the schema as SDL (.graphql)',
    );
  }
  try {
    return buildClientSchema({ __schema } as IntrospectionQuery);
  } catch (e) {
    throw fromGraphqlError(
      e,
      file,
      'the introspection result is incomplete; re-run the full introspection query',
    );
  }
}

function fromSdl(text: string, file: string, warnings: string[]): GraphQLSchema {
  let doc;
  try {
    doc = parse(text);
  } catch (e) {
    throw fromGraphqlError(e, file, 'fix the SDL syntax at that position');
  }
  try {
    return buildASTSchema(doc);
  } catch (e) {
    // Directives of other tools (federation's @key, codegen's @model…) are not declared in the
    // SDL but change nothing for reading: build again without SDL validation, and say so.
    if (!(e instanceof Error) || !/Unknown directive/.test(e.message)) {
      throw fromGraphqlError(e, file, 'fix the schema definition at that position', text);
    }
    warnings.push(`undeclared directives are ignored (${e.message.split('\n')[0]})`);
    try {
      return buildASTSchema(doc, { assumeValidSDL: true });
    } catch (e2) {
      throw fromGraphqlError(e2, file, 'fix the schema definition at that position', text);
    }
  }
}

/** Reads a GraphQL schema file; throws `SchemaError` for syntax errors and invalid schemas. */
export function loadGraphqlSchema(path: string): LoadedGraphql {
  const file = resolve(path);
  const text = readText(file);
  const warnings: string[] = [];
  const isJson = /\.json$/i.test(file) || /^\s*\{/.test(text);
  const schema = isJson ? fromIntrospection(parseText(text, file), file) : fromSdl(text, file, warnings);
  const problems = validateSchema(schema);
  if (problems.length > 0)
    throw fromGraphqlError(problems[0], file, 'fix the schema definition at that position', text);
  if (!schema.getQueryType()) {
    throw new SchemaError('the GraphQL schema has no Query type', { file }, 'define `type Query { ... }`');
  }
  return { file, schema, warnings };
}
