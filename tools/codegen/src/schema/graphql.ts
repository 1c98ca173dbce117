/**
 * `readGraphql`: a GraphQL schema to an `ApiModel`. Query fields become query operations with a
 * field picker and a default document; mutations are kept as writes; subscriptions are skipped.
 * @module
 */
import { basename, extname } from 'node:path';

import {
  isNonNullType,
  parse,
  validate,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

import { flattenFields, schemaAt } from './fields';
import { loadGraphqlSchema } from './graphql-load';
import {
  buildTree,
  inputSchema,
  isConnection,
  renderSelection,
  resultSchema,
  selectDefault,
} from './graphql-tree';
import type { ApiModel, Operation, Pagination, ResponseInfo } from './model';
import { toParam } from './params';

type Field = GraphQLField<unknown, unknown>;

/** `orders` → `Orders`, `order_by_id` → `OrderById`: a GraphQL operation name. */
function operationName(field: string): string {
  return field
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** The default document of a root field: every argument as a variable of the same type. */
export function documentFor(kind: 'query' | 'mutation', field: Field, selection: string | undefined): string {
  const vars = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const head = `${kind} ${operationName(field.name)}${vars ? `(${vars})` : ''}`;
  return `${head} {\n  ${field.name}${args ? `(${args})` : ''}${selection ? ` ${selection}` : ''}\n}\n`;
}

/** Relay pagination of a root field: a connection result plus `first`/`after` arguments. */
function relayPagination(field: Field): Pagination | undefined {
  if (!isConnection(field.type)) return undefined;
  const args = new Set(field.args.map((a) => a.name));
  if (!args.has('first') || !args.has('after')) return undefined;
  return {
    kind: 'cursor',
    requestParam: 'after',
    limitParam: 'first',
    responsePath: `data.${field.name}.pageInfo.endCursor`,
    hasMorePath: `data.${field.name}.pageInfo.hasNextPage`,
    reason: 'Relay connection (edges/node/pageInfo) with first/after arguments',
  };
}

function responseFor(schema: GraphQLSchema, field: Field, tree: Operation['selectable']): ResponseInfo {
  const body = {
    type: 'object' as const,
    properties: { data: { type: 'object' as const, properties: {} as Record<string, never> } },
  };
  const result = tree ? resultSchema(tree, schema) : {};
  (body.properties.data.properties as Record<string, unknown>)[field.name] = result;
  const connection = isConnection(field.type);
  let itemsPath = `data.${field.name}`;
  let rowPath: string | undefined;
  let row = result.type === 'array' ? (result.items ?? {}) : result;
  if (connection) {
    itemsPath = `data.${field.name}.edges`;
    rowPath = 'node';
    row = schemaAt(result, 'edges')?.items?.properties?.node ?? {};
  }
  const response: ResponseInfo = {
    status: '200',
    contentType: 'application/json',
    schema: body,
    itemsPath,
    fields: [],
  };
  if (rowPath) response.rowPath = rowPath;
  response.fields = flattenFields(row);
  return response;
}

function operationFor(schema: GraphQLSchema, kind: 'query' | 'mutation', field: Field): Operation {
  const tree = buildTree(field.name, field.type, { depth: 0, path: [], description: field.description });
  selectDefault(schema, tree);
  const selection = tree.children ? renderSelection(tree) : undefined;
  const op: Operation = {
    id: field.name,
    method: kind === 'query' ? 'QUERY' : 'MUTATION',
    path: field.name,
    tags: [],
    isQuery: kind === 'query',
    queryReason: kind === 'query' ? 'GraphQL query field' : 'GraphQL mutation: a write',
    params: field.args.map((a) => ({
      ...toParam(
        a.name,
        'argument',
        isNonNullType(a.type) && a.defaultValue === undefined,
        inputSchema(a.type),
        {
          description: a.description ?? undefined,
        },
      ),
      ...(a.defaultValue !== undefined ? { default: a.defaultValue } : {}),
      graphqlType: String(a.type),
    })),
    security: [],
    selectable: tree,
    document: documentFor(kind, field, selection),
  };
  if (field.description) op.description = field.description;
  if (field.deprecationReason) op.deprecated = true;
  op.response = responseFor(schema, field, tree);
  const pagination = relayPagination(field);
  if (pagination) op.pagination = pagination;
  return op;
}

/**
 * Reads a GraphQL schema (SDL or introspection JSON) into an `ApiModel`. Every generated
 * document is checked with `graphql.validate`; one that fails (a bug) skips its field with a
 * warning rather than producing a plugin that cannot query. `servers` is empty: the endpoint is
 * given separately (`--endpoint`).
 */
export async function readGraphql(path: string): Promise<ApiModel> {
  const { file, schema, warnings } = loadGraphqlSchema(path);
  const model: ApiModel = {
    kind: 'graphql',
    specVersion: 'graphql',
    title: basename(file, extname(file)),
    version: '',
    servers: [],
    auth: [{ scheme: 'none', provider: 'none' }],
    operations: [],
    skipped: [],
    warnings,
  };
  if (schema.description) model.description = schema.description;
  const roots: [GraphQLObjectType | null | undefined, 'query' | 'mutation'][] = [
    [schema.getQueryType(), 'query'],
    [schema.getMutationType(), 'mutation'],
  ];
  for (const [type, kind] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const label = `${kind} ${field.name}`;
      try {
        const op = operationFor(schema, kind, field);
        const errors = validate(schema, parse(op.document!));
        if (errors.length > 0) throw new Error(`generated document is invalid: ${errors[0]!.message}`);
        model.operations.push(op);
      } catch (e) {
        const reason = (e as Error).message;
        model.skipped.push({ operation: label, reason });
        model.warnings.push(`${label} skipped: ${reason}`);
      }
    }
  }
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const reason = 'subscriptions are not supported (a datasource query is request/response)';
    model.skipped.push({ operation: `subscription ${field.name}`, reason });
  }
  return model;
}
