/**
 * Code-mode autocomplete as a pure function: given the schema, the JSON text and the cursor
 * offset, what can be typed here — operation ids, parameter names, enum values, response field
 * paths, filter operators and the query's own keys.
 * @module
 */
import type { OperationSchema, QueryEditorSchema } from '../types';
import { FILTER_OPERATORS } from './filterOperators';
import { jsonContextAt } from './jsonContext';
import { RAW_KEYS } from './rawQuery';

/** What a suggestion completes; editors pick an icon from it. */
export type SuggestionKind = 'operation' | 'param' | 'enum' | 'field' | 'key' | 'operator' | 'value';

/** One completion: replace `text.slice(from, to)` with `insertText`. */
export interface Suggestion {
  label: string;
  insertText: string;
  kind: SuggestionKind;
  detail?: string;
  documentation?: string;
  from: number;
  to: number;
}

interface Candidate {
  label: string;
  kind: SuggestionKind;
  detail?: string;
  documentation?: string;
  /** JSON literal to insert instead of a quoted label (booleans). */
  literal?: string;
}

const KEY_DOCS: Record<string, string> = {
  operationId: 'The API operation to call.',
  params: 'Parameter values by name.',
  rootPath: 'JSONPath of the rows in the response, e.g. $.data.items.',
  timeField: 'Field used as time.',
  fields: 'Fields to keep (all when empty).',
  filters: 'Filters: [{"field", "op", "value"}].',
};

/** The operation named in the text (`"operationId": "x"`), even when the rest does not parse. */
export function operationInText(schema: QueryEditorSchema, text: string): OperationSchema | undefined {
  const m = /"operationId"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return m ? schema.operations.find((o) => o.id === m[1]) : undefined;
}

/** `$`, and `$.a`, `$.a.b` for every proper prefix of the operation's field paths. */
export function rootPathCandidates(op: OperationSchema | undefined): string[] {
  const out = new Set<string>(['$']);
  for (const f of op?.fields ?? []) {
    const parts = f.split('.');
    for (let n = 1; n < parts.length; n++) out.add(`$.${parts.slice(0, n).join('.')}`);
  }
  return [...out];
}

function fieldCandidates(op: OperationSchema | undefined, only?: string[]): Candidate[] {
  return (only ?? op?.fields ?? []).map((f) => ({
    label: f,
    kind: 'field' as const,
    detail: 'response field',
  }));
}

function candidatesFor(
  schema: QueryEditorSchema,
  op: OperationSchema | undefined,
  role: 'key' | 'value',
  path: Array<string | number>,
): Candidate[] {
  const [first, second, third] = path;
  if (role === 'key') {
    if (path.length === 0)
      return RAW_KEYS.map((k) => ({ label: k, kind: 'key', documentation: KEY_DOCS[k] }));
    if (first === 'params' && path.length === 1) {
      return (op?.params ?? []).map((p) => ({
        label: p.name,
        kind: 'param',
        detail: `${p.type}${p.required ? ', required' : ''} (${p.in})`,
        documentation: p.description,
      }));
    }
    if (first === 'filters' && typeof second === 'number' && path.length === 2) {
      return ['field', 'op', 'value'].map((k) => ({ label: k, kind: 'key' }));
    }
    return [];
  }
  if (first === 'operationId' && path.length === 1) {
    return schema.operations.map((o) => ({
      label: o.id,
      kind: 'operation',
      detail: o.label,
      documentation: o.description,
    }));
  }
  if (first === 'params' && typeof second === 'string' && (path.length === 2 || typeof third === 'number')) {
    const param = op?.params.find((p) => p.name === second);
    if (param?.enum) return param.enum.map((v) => ({ label: v, kind: 'enum', detail: param.name }));
    if (param?.type === 'boolean' && path.length === 2) {
      return ['true', 'false'].map((v) => ({ label: v, kind: 'value', literal: v }));
    }
    return [];
  }
  if ((first === 'timeField' && path.length === 1) || (first === 'fields' && path.length === 2)) {
    return fieldCandidates(op);
  }
  if (first === 'rootPath' && path.length === 1) {
    return rootPathCandidates(op).map((r) => ({ label: r, kind: 'field', detail: 'root path' }));
  }
  if (first === 'filters' && typeof second === 'number' && path.length === 3) {
    if (third === 'field') return fieldCandidates(op, op?.filterable);
    if (third === 'op')
      return FILTER_OPERATORS.map((o) => ({ label: o.value, kind: 'operator', detail: o.label }));
  }
  return [];
}

/**
 * Suggestions at `cursor` in the code-mode `text`, best first: those starting with what is
 * typed, then those containing it (case-insensitive). Each carries the range it replaces and
 * the text to insert — quoted when the cursor is not inside a string already, and for keys
 * followed by `": "` so typing can go straight on with the value.
 *
 * @example
 * suggest(schema, '{"operationId": "li', 18) // → [{ label: 'listOrders', insertText: '"listOrders"', ... }]
 */
export function suggest(schema: QueryEditorSchema, text: string, cursor: number): Suggestion[] {
  const ctx = jsonContextAt(text, cursor);
  if (ctx.role === 'none') return [];
  const path =
    ctx.role === 'value'
      ? [...ctx.path, ...(ctx.index !== undefined ? [ctx.index] : ctx.key !== undefined ? [ctx.key] : [])]
      : ctx.path;
  const op = operationInText(schema, text);
  const all = candidatesFor(schema, op, ctx.role, path);
  const typed = ctx.partial.toLowerCase();
  const starts = all.filter((c) => c.label.toLowerCase().startsWith(typed));
  const contains = all.filter(
    (c) => !c.label.toLowerCase().startsWith(typed) && c.label.toLowerCase().includes(typed),
  );
  const afterToken = text.slice(ctx.tokenEnd);
  const hasColon = /^\s*:/.test(afterToken);
  return [...starts, ...contains].map((c) => {
    let insertText: string;
    if (c.literal !== undefined && !ctx.inString) insertText = c.literal;
    else insertText = JSON.stringify(c.label);
    if (ctx.role === 'key' && !hasColon) insertText += ': ';
    return {
      label: c.label,
      insertText,
      kind: c.kind,
      detail: c.detail,
      documentation: c.documentation,
      from: ctx.tokenStart,
      to: ctx.tokenEnd,
    };
  });
}

/** `text` with `s` applied, and the cursor placed after the inserted text. */
export function applySuggestion(text: string, s: Suggestion): { text: string; cursor: number } {
  return {
    text: text.slice(0, s.from) + s.insertText + text.slice(s.to),
    cursor: s.from + s.insertText.length,
  };
}
