/**
 * GraphQL types to the model: the field picker tree with its default selection, JSON schemas of
 * arguments and results, and Relay connection detection.
 * @module
 */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

import { grafanaType } from './fields';
import type { FieldTree, JsonSchemaLite } from './model';

/** How deep the picker tree goes below the root field, and how many object levels the default selection takes. */
const TREE_DEPTH = 4;
const SELECT_DEPTH = 2;
const TIME_SCALARS = /^(DateTime|Date|Time|Timestamp|Instant|ISO8601DateTime|DateTimeISO)$/i;

/** JSON schema of a scalar/enum GraphQL type name. */
function leafSchema(t: GraphQLNamedType): JsonSchemaLite {
  if (isEnumType(t)) return { type: 'string', enum: t.getValues().map((v) => v.name) };
  switch (t.name) {
    case 'Int':
      return { type: 'integer' };
    case 'Float':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'String':
    case 'ID':
      return { type: 'string' };
    default:
      return TIME_SCALARS.test(t.name)
        ? { type: 'string', format: 'date-time' }
        : { description: `scalar ${t.name}` };
  }
}

/** JSON schema of an argument (input) type; input objects expanded, recursion cut. */
export function inputSchema(type: GraphQLInputType, seen: Set<string> = new Set()): JsonSchemaLite {
  const nullable = !isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  let s: JsonSchemaLite;
  if (isListType(inner)) s = { type: 'array', items: inputSchema(inner.ofType, seen) };
  else if (isInputObjectType(inner)) {
    if (seen.has(inner.name)) return { ref: inner.name, circular: true };
    const next = new Set(seen).add(inner.name);
    const fields = Object.values(inner.getFields());
    s = {
      type: 'object',
      ref: inner.name,
      properties: Object.fromEntries(fields.map((f) => [f.name, inputSchema(f.type, next)])),
      required: fields
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => f.name),
    };
  } else s = leafSchema(inner);
  const description = 'description' in inner ? inner.description : undefined;
  if (description) s = { ...s, description };
  return nullable ? { ...s, nullable: true } : s;
}

const requiredArgs = (f: GraphQLField<unknown, unknown>): boolean =>
  f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** A Relay connection: `edges { node }` and `pageInfo { hasNextPage endCursor }`. */
export function isConnection(type: GraphQLOutputType): boolean {
  const t = getNamedType(type);
  if (!isObjectType(t)) return false;
  const f = t.getFields();
  const edge = f.edges && getNamedType(f.edges.type);
  const pageInfo = f.pageInfo && getNamedType(f.pageInfo.type);
  return (
    isObjectType(edge) &&
    edge.getFields().node !== undefined &&
    isObjectType(pageInfo) &&
    pageInfo.getFields().hasNextPage !== undefined &&
    pageInfo.getFields().endCursor !== undefined
  );
}

function kindOf(t: GraphQLNamedType): FieldTree['kind'] {
  if (isEnumType(t)) return 'enum';
  if (isLeafType(t)) return 'scalar';
  if (isUnionType(t)) return 'union';
  if (isInterfaceType(t)) return 'interface';
  return 'object';
}

/** The picker tree of a field, `TREE_DEPTH` levels deep; recursion is cut by type names on the path. */
export function buildTree(
  name: string,
  type: GraphQLOutputType,
  opts: { depth: number; path: string[]; needsArgs?: boolean; description?: string | null },
): FieldTree {
  const named = getNamedType(type);
  const node: FieldTree = { name, graphqlType: String(type), kind: kindOf(named), selected: false };
  if (opts.description) node.description = opts.description;
  if (opts.needsArgs) node.needsArgs = true;
  if (isLeafType(named)) {
    node.fieldType = grafanaType(leafSchema(named), name);
    return node;
  }
  if (opts.depth >= TREE_DEPTH || opts.path.includes(named.name)) return node;
  const path = [...opts.path, named.name];
  if (isUnionType(named)) {
    node.children = named.getTypes().map((member) => {
      const frag = buildTree(`... on ${member.name}`, member, { depth: opts.depth + 1, path });
      frag.onType = member.name;
      return frag;
    });
  } else if (isObjectType(named) || isInterfaceType(named)) {
    node.children = Object.values(named.getFields()).map((f) =>
      buildTree(f.name, f.type, {
        depth: opts.depth + 1,
        path,
        needsArgs: requiredArgs(f),
        description: f.description,
      }),
    );
  }
  return node;
}

const TYPENAME: FieldTree = {
  name: '__typename',
  graphqlType: 'String!',
  kind: 'scalar',
  fieldType: 'string',
  selected: true,
};

/**
 * Marks the default selection (mutates the tree): leaf fields down to `SELECT_DEPTH` object
 * levels — Relay `edges`/`node`/`pageInfo` wrappers do not count as levels, `nodes` beside
 * `edges` and nested connections are left out — nothing needing arguments, and `__typename` where an object or union
 * would otherwise select nothing. Returns whether `node` is selected.
 */
export function selectDefault(schema: GraphQLSchema, node: FieldTree, level = 0): boolean {
  if (!node.children) {
    node.selected = node.kind === 'scalar' || node.kind === 'enum';
    return node.selected;
  }
  const named = schema.getType(node.graphqlType.replace(/[[\]!]/g, ''));
  const connection = named !== undefined && isObjectType(named) && isConnection(named);
  const edge = node.name === 'edges' && node.children.some((c) => c.name === 'node');
  for (const c of node.children) {
    if (c.needsArgs) continue;
    if (connection && c.name === 'nodes') continue;
    // A nested connection is a list of its own that needs paging: the picker offers it, the
    // default document leaves it out.
    const childType = c.children ? schema.getType(c.graphqlType.replace(/[[\]!]/g, '')) : undefined;
    if (childType && isObjectType(childType) && isConnection(childType)) continue;
    const wrapper =
      (connection && (c.name === 'edges' || c.name === 'pageInfo')) ||
      (edge && c.name === 'node') ||
      c.onType;
    const childLevel = wrapper ? level : level + 1;
    if (!c.children) selectDefault(schema, c, childLevel);
    else if (childLevel <= SELECT_DEPTH) selectDefault(schema, c, childLevel);
  }
  const any = node.children.some((c) => c.selected);
  if (!any || node.kind === 'union') node.children = [{ ...TYPENAME }, ...node.children];
  node.selected = true;
  return true;
}

/** The selection set text of a tree's selected children (`{ a b { c } }`). */
export function renderSelection(node: FieldTree, indent = '  '): string {
  const lines = (node.children ?? [])
    .filter((c) => c.selected)
    .map((c) =>
      c.children ? `${indent}  ${c.name} ${renderSelection(c, `${indent}  `)}` : `${indent}  ${c.name}`,
    );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** JSON schema of what the selected part of a tree returns. */
export function resultSchema(node: FieldTree, schema: GraphQLSchema): JsonSchemaLite {
  const named = schema.getType(node.graphqlType.replace(/[[\]!]/g, ''));
  let s: JsonSchemaLite;
  if (!node.children) s = named ? leafSchema(named) : {};
  else {
    const selected = node.children.filter((c) => c.selected);
    const props: Record<string, JsonSchemaLite> = {};
    for (const c of selected) {
      if (c.onType) Object.assign(props, resultSchema(c, schema).properties);
      else props[c.name] = resultSchema(c, schema);
    }
    s = { type: 'object', properties: props };
  }
  const listDepth = (node.graphqlType.match(/\[/g) ?? []).length;
  for (let i = 0; i < listDepth; i++) s = { type: 'array', items: s };
  return node.graphqlType.endsWith('!') ? s : { ...s, nullable: true };
}
