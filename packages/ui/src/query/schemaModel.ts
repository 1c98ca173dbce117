/**
 * Pure helpers over the generated {@link QueryEditorSchema}: lookups, parameter defaults,
 * conversion of input text to typed values, and validation messages for the parameter form.
 * @module
 */
import type { OperationSchema, ParamSchema, QueryEditorSchema, SchemaQuery } from '../types';

/** The operation with id `id`, if the schema has it. */
export function findOperation(
  schema: QueryEditorSchema,
  id: string | undefined,
): OperationSchema | undefined {
  return id === undefined ? undefined : schema.operations.find((o) => o.id === id);
}

/** Starting parameter values of `op`: each declared `default`. */
export function defaultParams(op: OperationSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of op.params) if (p.default !== undefined) out[p.name] = p.default;
  return out;
}

/**
 * The query switched to operation `op`: values of parameters the new operation also has (same
 * name and type) are kept, the others dropped, and missing ones take their defaults.
 */
export function withOperation(
  query: SchemaQuery,
  from: OperationSchema | undefined,
  op: OperationSchema,
): SchemaQuery {
  const params = defaultParams(op);
  for (const p of op.params) {
    const before = from?.params.find((q) => q.name === p.name);
    if (before && before.type === p.type && query.params?.[p.name] !== undefined)
      params[p.name] = query.params[p.name];
  }
  const keepFilters = (query.filters ?? []).filter((f) => op.filterable?.includes(f.field));
  return { ...query, operationId: op.id, params, filters: keepFilters.length > 0 ? keepFilters : undefined };
}

/** True when `v` counts as "no value" for a required check. */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/**
 * Why the value of `param` is not acceptable, or undefined. Template variables (`$var`,
 * `${var}`) are accepted for any type: they are interpolated before the query runs.
 */
export function paramProblem(param: ParamSchema, value: unknown): string | undefined {
  if (isEmptyValue(value)) return param.required ? `${param.name} is required.` : undefined;
  if (typeof value === 'string' && /\$\{?\w/.test(value)) return undefined;
  switch (param.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `${param.name} must be a number.`;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
        ? undefined
        : `${param.name} must be a whole number.`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${param.name} must be true or false.`;
    case 'enum':
      return param.enum && !param.enum.includes(String(value))
        ? `${param.name} must be one of ${param.enum.join(', ')}.`
        : undefined;
    case 'array':
      if (!Array.isArray(value)) return `${param.name} must be a list.`;
      if (param.enum) {
        const bad = value.filter((x) => !param.enum?.includes(String(x)));
        if (bad.length > 0)
          return `${param.name}: ${bad.join(', ')} not allowed; use ${param.enum.join(', ')}.`;
      }
      return undefined;
    case 'object':
      return typeof value === 'object' && !Array.isArray(value)
        ? undefined
        : `${param.name} must be a JSON object.`;
    default:
      return undefined;
  }
}

/** Problems of every parameter of `op` in `params`, by parameter name. Empty when valid. */
export function validateParams(op: OperationSchema, params: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of op.params) {
    const problem = paramProblem(p, params[p.name]);
    if (problem) out[p.name] = problem;
  }
  return out;
}

/** True when the query names a known operation and its parameters are valid: worth running. */
export function isRunnable(schema: QueryEditorSchema, query: SchemaQuery): boolean {
  const op = findOperation(schema, query.operationId);
  return op !== undefined && Object.keys(validateParams(op, query.params ?? {})).length === 0;
}

/**
 * A typed value from what the user typed for `param`: numbers for number/integer (the text
 * itself when it is not a number or is a template variable, so validation can say why), lists
 * split on commas for arrays, parsed JSON for objects; `undefined` for empty input.
 */
export function valueFromText(param: ParamSchema, text: string): unknown {
  if (text.trim() === '') return undefined;
  if (/\$\{?\w/.test(text)) return text;
  switch (param.type) {
    case 'number':
    case 'integer': {
      const n = Number(text.trim());
      return Number.isNaN(n) ? text : n;
    }
    case 'array':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'object':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    default:
      return text;
  }
}

/** Text for an input showing `value` (inverse of {@link valueFromText}). */
export function textFromValue(param: ParamSchema, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (param.type === 'array' && Array.isArray(value)) return value.join(', ');
  if (param.type === 'object' && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
