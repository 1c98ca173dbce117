import { FieldType, type DataFrame, type MetricFindValue } from '@grafana/data';

/** A query variable's text, `operationId?param=value#field`, taken apart. */
export interface VariableQuery {
  operationId: string;
  /** Query-string parameters, all as strings (the backend coerces them to the schema's types). */
  params: Record<string, string>;
  /** The field whose values become the variable's options; unset means the first text field. */
  field?: string;
}

/**
 * Parses a query variable's text: `listCustomers?region=eu#name` runs `listCustomers` with
 * `region=eu` and offers the values of its `name` field. Parameters and field are optional;
 * empty text gives an empty `operationId`.
 */
export function parseVariableQuery(text: string): VariableQuery {
  const hash = text.indexOf('#');
  const head = hash < 0 ? text : text.slice(0, hash);
  const field = hash < 0 ? '' : text.slice(hash + 1).trim();
  const question = head.indexOf('?');
  const operationId = (question < 0 ? head : head.slice(0, question)).trim();
  const qs = question < 0 ? '' : head.slice(question + 1).trim();
  return {
    operationId,
    params: Object.fromEntries(new URLSearchParams(qs)),
    ...(field ? { field } : {}),
  };
}

/**
 * The distinct values of one field of a frame as variable options, in order of first appearance.
 * Without a field name: the first string field, else the first field. A field the frame lacks
 * gives no options; null cells are skipped (an option reading "null" selects nothing).
 */
export function fieldValues(frame: DataFrame | undefined, field?: string): MetricFindValue[] {
  const picked = field
    ? frame?.fields.find((f) => f.name === field)
    : (frame?.fields.find((f) => f.type === FieldType.string) ?? frame?.fields[0]);
  const texts = new Set<string>();
  for (const v of picked?.values ?? []) if (v !== null && v !== undefined) texts.add(String(v));
  return [...texts].map((text) => ({ text, value: text }));
}
