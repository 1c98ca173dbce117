/**
 * The API model turned into what a generated package ships: the kit's `OperationSpec` list (the
 * JSON subset the backend runs), `@dsforge/ui`'s editor schema, the base path, the health check
 * request and the typed query model (`types.ts`).
 * @module
 */
import type { OperationSpec, OperationParamSpec } from '@dsforge/kit';

import type { ApiModel, JsonSchemaLite, Operation, Param } from '../schema';
import { filterableFields } from './filterable';
import { pascalCase, tsKey } from './naming';

/** One editor parameter (`@dsforge/ui` `ParamSchema`). */
export interface EditorParam {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object';
  enum?: string[];
  required?: boolean;
  description?: string;
  default?: unknown;
}

/** One editor operation (`@dsforge/ui` `OperationSchema`). */
export interface EditorOperation {
  id: string;
  label: string;
  description?: string;
  params: EditorParam[];
  fields?: string[];
  /** Fields the filter builder offers (see `filterable.ts`). */
  filterable?: string[];
}

/** Parameters of an operation including its top-level JSON body properties (as `body` params). */
export function allParams(op: Operation): Param[] {
  const out = [...op.params];
  const body = op.body?.schema;
  if (body?.properties) {
    for (const [name, schema] of Object.entries(body.properties)) {
      if (schema.readOnly) continue;
      out.push({
        name,
        in: 'argument',
        required: body.required?.includes(name) ?? false,
        schema,
        ...(schema.type ? { type: schema.type } : {}),
        ...(schema.format ? { format: schema.format } : {}),
        ...(schema.enum ? { enum: schema.enum } : {}),
        ...(schema.description ? { description: schema.description } : {}),
        ...(schema.default !== undefined ? { default: schema.default } : {}),
        ...(schema.example !== undefined ? { example: schema.example } : {}),
        // Marks a body property (the model has no `body` location of its own).
        style: 'body',
      });
    }
  }
  return out;
}

function location(p: Param, graphql: boolean): OperationParamSpec['in'] {
  if (p.style === 'body') return 'body';
  return graphql ? 'argument' : p.in;
}

/** The kit's runtime spec of one operation. */
export function operationSpec(op: Operation, graphql: boolean): OperationSpec {
  const params: OperationParamSpec[] = allParams(op).map((p) => ({
    name: p.name,
    in: location(p, graphql),
    ...(p.required ? { required: true } : {}),
    ...(p.type ? { type: p.type } : {}),
    ...(p.format ? { format: p.format } : {}),
    ...(p.explode === false ? { explode: false } : {}),
  }));
  const spec: OperationSpec = { id: op.id, method: op.method, path: op.path, params };
  if (op.body)
    spec.body = { contentType: op.body.contentType, ...(op.body.required ? { required: true } : {}) };
  if (op.response) {
    spec.response = {
      contentType: op.response.contentType,
      ...(op.response.itemsPath !== undefined ? { itemsPath: op.response.itemsPath } : {}),
      ...(op.response.rowPath ? { rowPath: op.response.rowPath } : {}),
      fields: op.response.fields.map((f) => ({ path: f.path, type: f.type })),
    };
  }
  if (op.pagination) {
    const { reason: _reason, ...pagination } = op.pagination;
    spec.pagination = pagination;
  }
  if (op.document) spec.document = op.document;
  return spec;
}

function editorType(p: Param): EditorParam['type'] {
  if (p.enum && p.enum.length > 0) return 'enum';
  switch (p.type) {
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return p.type;
    default:
      return 'string';
  }
}

/** The query editor's view of one operation. */
export function editorOperation(op: Operation, graphql: boolean): EditorOperation {
  const params: EditorParam[] = allParams(op).map((p) => {
    const out: EditorParam = {
      name: p.name,
      in: p.style === 'body' || graphql ? 'body' : p.in === 'argument' ? 'body' : p.in,
      type: editorType(p),
    };
    if (p.enum) out.enum = p.enum.filter((e) => e !== null).map(String);
    if (p.required) out.required = true;
    const description = (p.description ?? '').split('\n')[0]?.trim();
    if (description) out.description = description.slice(0, 200);
    if (p.default !== undefined) out.default = p.default;
    return out;
  });
  const description = (op.description ?? '').split('\n')[0]?.trim();
  const filterable = filterableFields(op);
  return {
    id: op.id,
    label: op.summary?.trim() || op.id,
    ...(description ? { description: description.slice(0, 200) } : {}),
    params,
    ...(op.response?.fields.length ? { fields: op.response.fields.map((f) => f.path).filter(Boolean) } : {}),
    ...(filterable ? { filterable } : {}),
  };
}

/** The path prefix joined to the datasource URL: the first relative server's URL, else `''`. */
export function basePath(model: ApiModel): string {
  const rel = model.servers.find((s) => s.relative);
  return rel ? rel.url.replace(/\/+$/, '') : '';
}

/** An example datasource URL: the first absolute server with its variables' defaults. */
export function serverUrl(model: ApiModel): string | undefined {
  const abs = model.servers.find((s) => !s.relative);
  if (!abs) return undefined;
  return abs.url.replace(/\{([^}]+)\}/g, (_, v: string) => abs.variables?.[v]?.default ?? v);
}

/**
 * The operation "Save & test" calls: a read without required parameters, preferring one that
 * needs the API's auth (so a wrong key fails the check), then one named like a health check.
 */
export function healthOperation(model: ApiModel, reads: Operation[]): Operation | undefined {
  const free = reads.filter((o) => o.method === 'GET' && !allParams(o).some((p) => p.required));
  const score = (o: Operation) =>
    (o.security.length > 0 ? 0 : 2) + (/health|ping|ready|status/i.test(o.id) ? 0 : 1);
  return (
    [...free].sort((a, b) => score(a) - score(b))[0] ?? (model.kind === 'graphql' ? reads[0] : undefined)
  );
}

function tsType(s: JsonSchemaLite | undefined, depth = 0): string {
  if (!s) return 'unknown';
  let t: string;
  if (s.enum && s.enum.length > 0 && depth < 4) t = s.enum.map((e) => JSON.stringify(e)).join(' | ');
  else
    switch (s.type) {
      case 'string':
        t = 'string';
        break;
      case 'integer':
      case 'number':
        t = 'number';
        break;
      case 'boolean':
        t = 'boolean';
        break;
      case 'array':
        t = depth < 3 ? `Array<${tsType(s.items, depth + 1)}>` : 'unknown[]';
        break;
      case 'object':
        t = 'Record<string, unknown>';
        break;
      default:
        t = 'unknown';
    }
  return s.nullable && t !== 'unknown' ? `${t} | null` : t;
}

/** `types.ts` of a generated package: one params interface per operation and the query union. */
export function typesSource(ops: Operation[]): string {
  const lines: string[] = [];
  const names = new Map<string, string>();
  for (const op of ops) {
    let name = `${pascalCase(op.id)}Params`;
    while ([...names.values()].includes(name)) name = `${name}_`;
    names.set(op.id, name);
    lines.push(`/** Parameters of \`${op.id}\` (${op.method} ${op.path}). */`);
    const params = allParams(op);
    if (params.length === 0) {
      lines.push(`export type ${name} = Record<string, never>;`, '');
      continue;
    }
    lines.push(`export interface ${name} {`);
    for (const p of params) {
      const doc = (p.description ?? '').split('\n')[0]?.replace(/\*\//g, '*\\/').trim();
      if (doc) lines.push(`  /** ${doc.slice(0, 160)} */`);
      // Values may also be template-variable text until the frontend interpolates them.
      const type = tsType(p.schema);
      lines.push(
        `  ${tsKey(p.name)}${p.required ? '' : '?'}: ${type === 'string' || type === 'unknown' ? type : `${type} | string`};`,
      );
    }
    lines.push('}', '');
  }
  lines.push('/** Parameters by operation id. */', 'export interface ParamsByOperation {');
  for (const op of ops) lines.push(`  ${tsKey(op.id)}: ${names.get(op.id)};`);
  lines.push('}', '');
  lines.push('/** The id of a query type. */', 'export type OperationId = keyof ParamsByOperation;', '');
  lines.push(
    '/** Result shaping every query type shares (set in the query editor). */',
    'export interface QueryShaping {',
    '  refId: string;',
    "  /** JSON path of the rows; overrides the operation's own. */",
    '  rootPath?: string;',
    "  /** The frame's time field. */",
    '  timeField?: string;',
    '  /** Fields to keep; all when empty. */',
    '  fields?: string[];',
    '  /** Page limit for this query. */',
    '  maxPages?: number;',
    '  /** Filters (ANDed); `eq` on a field with a same-named parameter is sent to the API. */',
    "  filters?: { field: string; op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'regex'; value: string }[];",
    '}',
    '',
    '/** A query of this datasource: one operation and its parameters (frontend and backend share it). */',
    'export type Query = QueryShaping &',
    '  { [K in OperationId]: { operationId: K; params: ParamsByOperation[K] } }[OperationId];',
  );
  return lines.join('\n') + '\n';
}
