/**
 * Validation of a schema query's JSON against the generated operations: the operation exists,
 * the shaping fields have the right types, required parameters are present. Problems are
 * `invalid_query` DsErrors naming the field and what to do.
 * @module
 */
import { dsError, type DsError } from '../errors';
import { parseFilters } from './filters';
import type { OperationQuery, OperationSpec } from './types';

const invalid = (message: string, suggestion = 'Fix the query in the query editor.'): DsError =>
  dsError('invalid_query', { message, suggestion });

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optionalString(j: Record<string, unknown>, key: string): string | undefined {
  const v = j[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string')
    throw invalid(`Query field "${key}" must be a string, got ${JSON.stringify(v)}.`);
  return v;
}

/**
 * Reads the query JSON (`{ operationId, params, rootPath?, timeField?, fields?, document?,
 * maxPages?, filters? }`) and finds its operation. Throws `invalid_query` for a missing or unknown
 * operation (listing the known ones), a non-object `params`, or wrongly typed shaping fields.
 * Required parameters are checked later, after macros and the time range filled them in.
 */
export function parseOperationQuery(
  json: unknown,
  operations: readonly OperationSpec[],
): { query: OperationQuery; operation: OperationSpec } {
  if (!isRecord(json)) throw invalid('The query must be a JSON object with an "operationId".');
  const id = json.operationId;
  const known = operations.map((o) => o.id);
  if (typeof id !== 'string' || id === '') {
    throw invalid(
      'The query has no operation.',
      `Pick an operation in the query editor (one of ${list(known)}).`,
    );
  }
  const operation = operations.find((o) => o.id === id);
  if (!operation) {
    throw invalid(`Unknown operation "${id}".`, `Pick one of ${list(known)} in the query editor.`);
  }
  const params = json.params ?? {};
  if (!isRecord(params)) throw invalid('Query field "params" must be an object of parameter values.');
  const query: OperationQuery = { operationId: id, params: { ...params } };
  const rootPath = optionalString(json, 'rootPath');
  if (rootPath !== undefined) query.rootPath = rootPath;
  const timeField = optionalString(json, 'timeField');
  if (timeField !== undefined) query.timeField = timeField;
  const document = optionalString(json, 'document');
  if (document !== undefined) query.document = document;
  if (json.fields !== undefined && json.fields !== null) {
    if (!Array.isArray(json.fields) || json.fields.some((f) => typeof f !== 'string'))
      throw invalid('Query field "fields" must be a list of field names.');
    if (json.fields.length > 0) query.fields = json.fields as string[];
  }
  if (json.maxPages !== undefined && json.maxPages !== null) {
    const n = json.maxPages;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      throw invalid(`Query field "maxPages" must be a positive integer, got ${JSON.stringify(n)}.`);
    query.maxPages = n;
  }
  const filters = parseFilters(json.filters);
  if (filters.length > 0) query.filters = filters;
  return { query, operation };
}

/** Throws `invalid_query` naming the first required parameter without a value. */
export function checkRequired(operation: OperationSpec, params: Record<string, unknown>): void {
  for (const p of operation.params) {
    if (!p.required) continue;
    const v = params[p.name];
    if (v === undefined || v === null || v === '') {
      throw invalid(
        `Operation "${operation.id}" needs the parameter "${p.name}".`,
        `Fill in "${p.name}" in the query editor.`,
      );
    }
  }
}

function list(ids: string[]): string {
  const shown = ids.slice(0, 10).map((i) => `"${i}"`);
  return ids.length > 10 ? `${shown.join(', ')} and ${ids.length - 10} more` : shown.join(', ');
}
