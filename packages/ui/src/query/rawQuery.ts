/**
 * Code mode: the query as editable JSON and back. The JSON holds only what the user shapes
 * (operation, parameters, shaping, filters), not Grafana's own fields (refId, datasource, hide).
 * @module
 */
import type { QueryFilter, SchemaQuery } from '../types';

/** The editable part of a query. */
export interface RawQueryBody {
  operationId: string;
  params: Record<string, unknown>;
  rootPath?: string;
  timeField?: string;
  fields?: string[];
  filters?: QueryFilter[];
}

/** Keys allowed at the top of the raw JSON, in the order they are written. */
export const RAW_KEYS = ['operationId', 'params', 'rootPath', 'timeField', 'fields', 'filters'] as const;

/** The query's editable part as pretty JSON. */
export function queryToRaw(query: SchemaQuery): string {
  const body: Record<string, unknown> = { operationId: query.operationId ?? '', params: query.params ?? {} };
  if (query.rootPath) body.rootPath = query.rootPath;
  if (query.timeField) body.timeField = query.timeField;
  if (query.fields && query.fields.length > 0) body.fields = query.fields;
  if (query.filters && query.filters.length > 0) body.filters = query.filters;
  return JSON.stringify(body, null, 2);
}

/** Result of {@link parseRaw}. */
export type RawParse = { ok: true; body: RawQueryBody } | { ok: false; error: string };

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isFilter(v: unknown): v is QueryFilter {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return typeof f.field === 'string' && typeof f.op === 'string' && typeof f.value === 'string';
}

/** Parses code-mode text, with a message naming what is wrong when it cannot be used. */
export function parseRaw(text: string): RawParse {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The JSON does not parse: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return {
      ok: false,
      error: 'The query must be a JSON object such as {"operationId": "...", "params": {}}.',
    };
  }
  const o = v as Record<string, unknown>;
  const unknownKeys = Object.keys(o).filter((k) => !(RAW_KEYS as readonly string[]).includes(k));
  if (unknownKeys.length > 0) {
    return { ok: false, error: `Unknown key ${unknownKeys.join(', ')}; allowed: ${RAW_KEYS.join(', ')}.` };
  }
  if (typeof o.operationId !== 'string') return { ok: false, error: '"operationId" must be a string.' };
  const params = o.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { ok: false, error: '"params" must be an object.' };
  }
  for (const k of ['rootPath', 'timeField'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string')
      return { ok: false, error: `"${k}" must be a string.` };
  }
  if (o.fields !== undefined && !isStringList(o.fields)) {
    return { ok: false, error: '"fields" must be a list of strings.' };
  }
  if (o.filters !== undefined && !(Array.isArray(o.filters) && o.filters.every(isFilter))) {
    return { ok: false, error: '"filters" must be a list of {"field", "op", "value"} with string values.' };
  }
  return {
    ok: true,
    body: {
      operationId: o.operationId,
      params: params as Record<string, unknown>,
      rootPath: o.rootPath as string | undefined,
      timeField: o.timeField as string | undefined,
      fields: o.fields as string[] | undefined,
      filters: o.filters as QueryFilter[] | undefined,
    },
  };
}

/**
 * The query after the user edited the raw text: the text is always kept (so nothing typed is
 * lost), and the structured fields follow it whenever it parses.
 */
export function applyRaw(query: SchemaQuery, text: string): SchemaQuery {
  const parsed = parseRaw(text);
  if (!parsed.ok) return { ...query, raw: text, rawMode: true };
  const b = parsed.body;
  return {
    ...query,
    raw: text,
    rawMode: true,
    operationId: b.operationId,
    params: b.params,
    rootPath: b.rootPath,
    timeField: b.timeField,
    fields: b.fields,
    filters: b.filters,
  };
}
