/**
 * Where the rows of a response are, and the columns of one row with Grafana field types.
 * @module
 */
import type { FieldInfo, GrafanaFieldType, JsonSchemaLite } from './model';

/** Array property names that usually hold the rows, most likely first. */
const ROW_KEYS = [
  'data',
  'items',
  'results',
  'rows',
  'records',
  'values',
  'entries',
  'list',
  'hits',
  'nodes',
  'elements',
];
const TIME_NAME =
  /(^|[_\-.])(time|timestamp|date|datetime)$|[a-z](Time|Timestamp|Date|At)$|_at$|^(ts|time|timestamp|date)$/;
const MAX_DEPTH = 3;

/** Properties of a schema, including those every `oneOf`/`anyOf` variant may have. */
export function propertiesOf(s: JsonSchemaLite): Record<string, JsonSchemaLite> {
  const props: Record<string, JsonSchemaLite> = { ...s.properties };
  for (const v of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) {
    for (const [k, p] of Object.entries(v.properties ?? {})) props[k] ??= p;
  }
  return props;
}

const isRowArray = (s: JsonSchemaLite | undefined): boolean =>
  s?.type === 'array' && s.items !== undefined && !s.items.circular;

/** Names of properties that accompany the rows in a page wrapper (not row data themselves). */
const META =
  /next|prev|cursor|token|links?$|meta|page|total|count|limit|offset|has_?more|interval|size|start|end|took|status|success|error|message|kind|type|version|query/i;

/**
 * Dotted path to the array of rows: `''` for a top-level array; else an array-of-objects property
 * of a page wrapper — an object whose other properties are page metadata (`next_cursor`, `links`,
 * `total`…) — preferring known names (`data`, `items`…) and the path's resource name (`buckets`
 * for `/buckets`); looked for one level deep too (`data.items`). Undefined: the response is one
 * row (`GET /orders/{id}` returning an order with an `items` list is one order, not its items).
 */
export function findItemsPath(schema: JsonSchemaLite, resource?: string): string | undefined {
  if (schema.type === 'array') return '';
  const props = propertiesOf(schema);
  const arrays = Object.keys(props).filter((k) => isRowArray(props[k]));
  const others = Object.keys(props).filter((k) => !arrays.includes(k));
  const wrapper = others.every((k) => META.test(k));
  const preferred = [...(resource ? [resource] : []), ...ROW_KEYS];
  const pick =
    (resource && arrays.includes(resource) ? resource : undefined) ??
    (wrapper
      ? (preferred.find((k) => arrays.includes(k)) ?? (arrays.length === 1 ? arrays[0] : undefined))
      : undefined);
  if (pick !== undefined) return pick;
  for (const k of ['data', 'result', 'response']) {
    const inner = props[k];
    if (inner?.type === 'object' && others.filter((o) => o !== k).every((o) => META.test(o))) {
      const p = findItemsPath(inner);
      if (p) return `${k}.${p}`;
    }
  }
  return undefined;
}

/** The schema at a dotted path (through `properties`, and array `items` at the end). */
export function schemaAt(schema: JsonSchemaLite, path: string): JsonSchemaLite | undefined {
  let cur: JsonSchemaLite | undefined = schema;
  for (const key of path === '' ? [] : path.split('.')) cur = cur && propertiesOf(cur)[key];
  return cur;
}

/** Grafana field type for a leaf schema; `name` helps spot time columns without a format. */
export function grafanaType(s: JsonSchemaLite, name: string): GrafanaFieldType {
  const t = s.type ?? (s.enum && typeof s.enum[0] === 'string' ? 'string' : undefined);
  switch (t) {
    case 'string':
      if (s.format === 'date-time' || s.format === 'date') return 'time';
      return !s.enum && !s.format && TIME_NAME.test(name) ? 'time' : 'string';
    case 'integer':
    case 'number':
      return s.format === 'unix-time' || s.format === 'timestamp' ? 'time' : 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'json';
  }
}

/** Flattens the leaf fields of a row: nested objects become dotted paths (3 levels deep at most). */
export function flattenFields(row: JsonSchemaLite): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (s: JsonSchemaLite, prefix: string, depth: number): void => {
    const props = propertiesOf(s);
    const keys = Object.keys(props);
    if (keys.length === 0 || s.circular) {
      out.push(leaf(s, prefix, prefix.split('.').pop() ?? ''));
      return;
    }
    for (const k of keys) {
      const p = props[k]!;
      const path = prefix ? `${prefix}.${k}` : k;
      const nested = Object.keys(propertiesOf(p)).length > 0 && !p.circular && p.type !== 'array';
      if (nested && depth < MAX_DEPTH) walk(p, path, depth + 1);
      else out.push(leaf(nested ? { ...p, type: 'object' } : p, path, k));
    }
  };
  walk(row, '', 1);
  return out;
}

function leaf(s: JsonSchemaLite, path: string, name: string): FieldInfo {
  const f: FieldInfo = { path, type: grafanaType(s, name) };
  if (s.nullable) f.nullable = true;
  if (s.description) f.description = s.description;
  if (s.enum) f.enum = s.enum;
  return f;
}
