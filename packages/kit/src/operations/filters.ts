/**
 * The query editor's filter builder at run time. A query's `filters` (`{ field, op, value }`)
 * either travel to the API — an `eq` filter on a field the operation has a same-named query or
 * body parameter for becomes that parameter — or are applied to the fetched rows (every other
 * filter, on every operation), with a notice saying so, since client-side filtering only sees the
 * pages that were fetched.
 * @module
 */
import type { Notice } from '@dsforge/backend';

import { dsError } from '../errors';
import { getPath } from './shape';
import type { FilterOp, OperationFilter, OperationSpec, PaginationSpec } from './types';

/** The filter operators of `@dsforge/ui`'s filter builder. */
export const FILTER_OPS: readonly FilterOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'regex'];

/** How a query's filters are carried out. */
export interface FilterPlan {
  /** Parameter values set from `eq` filters (merged over the query's own parameters). */
  params: Record<string, unknown>;
  /** The filters left to apply to the fetched rows. */
  clientSide: OperationFilter[];
}

const invalid = (message: string) =>
  dsError('invalid_query', { message, suggestion: 'Fix the filter in the query editor.' });

/** Reads and checks the query's `filters` (absent or empty: none). Throws `invalid_query`. */
export function parseFilters(json: unknown): OperationFilter[] {
  if (json === undefined || json === null) return [];
  if (!Array.isArray(json)) throw invalid('Query field "filters" must be a list of {field, op, value}.');
  return json.map((f: unknown, i) => {
    const o = (f ?? {}) as Record<string, unknown>;
    if (typeof o.field !== 'string' || o.field === '')
      throw invalid(`Filter ${i + 1} has no field; pick the field to filter on.`);
    if (typeof o.op !== 'string' || !(FILTER_OPS as readonly string[]).includes(o.op))
      throw invalid(
        `Filter ${i + 1} has the operator ${JSON.stringify(o.op)}; expected one of ${FILTER_OPS.join(', ')}.`,
      );
    const value = typeof o.value === 'string' ? o.value : o.value == null ? '' : String(o.value);
    if (o.op === 'regex') {
      try {
        new RegExp(value);
      } catch (e) {
        throw invalid(
          `Filter ${i + 1} (${o.field} =~ ${value}) is not a valid regular expression: ${(e as Error).message}`,
        );
      }
    }
    return { field: o.field, op: o.op as FilterOp, value };
  });
}

function pagingNames(pg: PaginationSpec | undefined): Set<string> {
  return new Set(pg ? [pg.requestParam, ...(pg.limitParam ? [pg.limitParam] : [])] : []);
}

/**
 * Splits filters into parameters for the API and filters for the rows. An `eq` filter becomes a
 * parameter when the operation has a query or body parameter named like the field (not a paging
 * parameter) that the query leaves empty or sets to the same value; numbers are sent as numbers
 * to numeric body parameters.
 */
export function planFilters(
  operation: OperationSpec,
  filters: readonly OperationFilter[],
  params: Record<string, unknown>,
): FilterPlan {
  const paging = pagingNames(operation.pagination);
  const plan: FilterPlan = { params: {}, clientSide: [] };
  for (const f of filters) {
    const p = operation.params.find(
      (x) =>
        x.name === f.field &&
        (x.in === 'query' || x.in === 'body' || x.in === 'argument') &&
        !paging.has(x.name),
    );
    const current = params[p?.name ?? ''] ?? plan.params[p?.name ?? ''];
    const free = current === undefined || current === null || current === '' || String(current) === f.value;
    if (f.op === 'eq' && p && free) {
      const numeric =
        (p.type === 'integer' || p.type === 'number') && f.value.trim() !== '' && !isNaN(Number(f.value));
      plan.params[p.name] = numeric && p.in !== 'query' ? Number(f.value) : f.value;
    } else plan.clientSide.push(f);
  }
  return plan;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))) return Number(v);
  return undefined;
}

// Comparisons are numeric when both sides are numbers, by time when both parse as ISO dates,
// else by text, so `total > 100` and `created_at >= 2026-01-01` both mean what users expect.
function compare(a: unknown, b: string): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (typeof a === 'string' && /^\d{4}-\d\d-\d\d/.test(a) && /^\d{4}-\d\d-\d\d/.test(b)) {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    if (!isNaN(ta) && !isNaN(tb)) return ta - tb;
  }
  const s = text(a);
  return s < b ? -1 : s > b ? 1 : 0;
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** A row predicate for one filter; a missing or null field matches only `neq`. */
function predicate(f: OperationFilter): (row: unknown) => boolean {
  const re = f.op === 'regex' ? new RegExp(f.value) : undefined;
  const needle = f.value.toLowerCase();
  return (row) => {
    const v = getPath(row, f.field);
    if (v === undefined || v === null) return f.op === 'neq';
    switch (f.op) {
      case 'eq':
        return compare(v, f.value) === 0;
      case 'neq':
        return compare(v, f.value) !== 0;
      case 'gt':
        return compare(v, f.value) > 0;
      case 'gte':
        return compare(v, f.value) >= 0;
      case 'lt':
        return compare(v, f.value) < 0;
      case 'lte':
        return compare(v, f.value) <= 0;
      case 'contains':
        return text(v).toLowerCase().includes(needle);
      case 'regex':
        return re!.test(text(v));
    }
  };
}

/**
 * The rows matching every filter (all of them: filters are ANDed), and an info notice naming the
 * filters applied here and how many rows they kept, when there were any.
 */
export function filterRows(
  rows: readonly unknown[],
  filters: readonly OperationFilter[],
): { rows: unknown[]; notice?: Notice } {
  if (filters.length === 0) return { rows: [...rows] };
  const tests = filters.map(predicate);
  const kept = rows.filter((r) => tests.every((t) => t(r)));
  const shown = filters.map((f) => `${f.field} ${f.op} ${JSON.stringify(f.value)}`).join(', ');
  return {
    rows: kept,
    notice: {
      severity: 'info',
      text: `Filtered in Grafana, not by the API (${shown}): kept ${kept.length} of ${rows.length} fetched rows. Only the fetched pages were filtered.`,
    },
  };
}
