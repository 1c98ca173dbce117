/**
 * Response bodies to rows and rows to frames for generated operations: the rows sit at the
 * operation's items path (or the query's root path), Relay edges are unwrapped to their nodes,
 * and the frame's fields follow the spec's response fields so types hold even on empty pages.
 * @module
 */
import type { Frame, FieldType } from '@dsforge/backend';

import { csvToFrame } from '../format/csv';
import type { FieldSpec } from '../format/columns';
import { jsonToFrame } from '../format/json';
import { selectJsonPath } from '../format/json-path';
import type { UpstreamResponse } from '../types';
import type { OperationQuery, OperationSpec } from './types';

/** Reads a dotted path (`data.orders.edges`); `''` is the value itself; missing → undefined. */
export function getPath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  let v: unknown = value;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A response body: parsed JSON for JSON content types, else the text. */
export function decodeBody(res: UpstreamResponse): unknown {
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  if (res.body.byteLength === 0) return null;
  if (type.includes('json') || (!type && /^\s*[[{]/.test(res.text()))) return res.json();
  return res.text();
}

/** The rows of one page body (never null: an absent list is no rows). */
export function rowsOf(body: unknown, operation: OperationSpec, query: OperationQuery): unknown[] {
  if (typeof body === 'string') return body === '' ? [] : [body];
  if (query.rootPath) {
    const sel = selectJsonPath(body, query.rootPath);
    return Array.isArray(sel) ? sel : sel === null || sel === undefined ? [] : [sel];
  }
  const info = operation.response;
  if (!info || info.itemsPath === undefined) {
    if (Array.isArray(body)) return body;
    return body === null || body === undefined ? [] : [body];
  }
  const sel = getPath(body, info.itemsPath);
  const rows = Array.isArray(sel) ? sel : sel === null || sel === undefined ? [] : [sel];
  return info.rowPath ? rows.map((r) => getPath(r, info.rowPath)) : rows;
}

// Only lenient conversions are declared: `time` is left to inference because specs call fields
// time-like by name (`staleTime: "10m"`), and a declared time that does not parse fails the query.
const FIELD_TYPES: Record<string, FieldType | undefined> = { string: 'string', json: 'json' };

/** Field declarations: the query's chosen fields, else the spec's response fields. */
function declaredFields(operation: OperationSpec, query: OperationQuery): FieldSpec[] | undefined {
  const byPath = new Map((operation.response?.fields ?? []).map((f) => [f.path, f]));
  if (query.fields && query.fields.length > 0) {
    return query.fields.map((name) => {
      const type = FIELD_TYPES[byPath.get(name)?.type ?? ''];
      return type ? { name, path: name, type } : { name, path: name };
    });
  }
  if (query.rootPath || byPath.size === 0 || byPath.has('')) return undefined;
  return [...byPath.values()].map((f) => {
    const type = FIELD_TYPES[f.type];
    return type ? { name: f.path, path: f.path, type } : { name: f.path, path: f.path };
  });
}

/**
 * One frame named after the operation from all rows. Text rows (CSV or plain-text responses)
 * become a CSV frame or a one-column `value` frame.
 */
export function rowsToFrame(rows: unknown[], operation: OperationSpec, query: OperationQuery): Frame {
  const name = operation.id;
  const timeField = query.timeField || undefined;
  if (rows.length > 0 && rows.every((r) => typeof r === 'string')) {
    const text = rows.join('\n');
    const csv = /csv/i.test(operation.response?.contentType ?? '');
    if (csv) return csvToFrame(text, { name, ...(timeField ? { timeField } : {}) });
    return jsonToFrame(rows, { name });
  }
  const fields = declaredFields(operation, query);
  return jsonToFrame(rows, {
    name,
    ...(timeField ? { timeField } : {}),
    ...(fields ? { fields, extraFields: 'drop' as const } : {}),
  });
}
