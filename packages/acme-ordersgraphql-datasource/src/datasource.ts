import {
  FieldType,
  getDefaultTimeRange,
  type CoreApp,
  type DataFrame,
  type DataQueryRequest,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { defaultQuery, type DsforgeJsonData, type SchemaQuery } from '@dsforge/ui';
import { lastValueFrom } from 'rxjs';

import { editorSchema } from './generated';

/** Replaces template variables in every string of a JSON value (objects and arrays too). */
export function interpolate(value: unknown, scopedVars: ScopedVars): unknown {
  if (typeof value === 'string') return getTemplateSrv().replace(value, scopedVars);
  if (Array.isArray(value)) return value.map((v) => interpolate(v, scopedVars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, scopedVars)]));
  }
  return value;
}

/** `operationId?param=value#field` (a query variable's text) as a query and the field to read. */
export function parseVariableQuery(text: string): {
  operationId: string;
  params: Record<string, string>;
  field?: string;
} {
  const [head = '', field] = text.split('#');
  const [operationId = '', qs = ''] = head.trim().split('?');
  return {
    operationId,
    params: Object.fromEntries(new URLSearchParams(qs)),
    ...(field ? { field: field.trim() } : {}),
  };
}

/**
 * The datasource in the browser. Queries, health checks and alerting run in the backend
 * (`src/backend/`); this class prepares queries (template variables, hidden or incomplete
 * queries) and provides variable values and annotations.
 */
export class DataSource extends DataSourceWithBackend<SchemaQuery, DsforgeJsonData> {
  /** Annotation queries use the normal query editor and backend. */
  override annotations = {};

  override getDefaultQuery(_app: CoreApp): Partial<SchemaQuery> {
    return defaultQuery(editorSchema);
  }

  /** Grafana's query runner skips hidden queries and those without an operation. */
  override filterQuery(query: SchemaQuery): boolean {
    return !query.hide && Boolean(query.operationId);
  }

  /** Every string of the query (parameters included) gets its template variables replaced. */
  override applyTemplateVariables(query: SchemaQuery, scopedVars: ScopedVars): SchemaQuery {
    const { refId, datasource, hide, ...rest } = query;
    const replaced = interpolate(rest, scopedVars) as Omit<SchemaQuery, 'refId'>;
    return { ...replaced, refId, datasource, hide };
  }

  /**
   * Variable values: runs `operationId?param=value#field` through the backend and returns the
   * distinct values of `field` (default: the first text field of the frame).
   */
  override async metricFindQuery(
    query: string,
    options?: LegacyMetricFindQueryOptions,
  ): Promise<MetricFindValue[]> {
    const parsed = parseVariableQuery(getTemplateSrv().replace(query, options?.scopedVars));
    if (!parsed.operationId) return [];
    const request = {
      targets: [{ refId: 'variable', operationId: parsed.operationId, params: parsed.params }],
      range: options?.range ?? getDefaultTimeRange(),
      scopedVars: options?.scopedVars ?? {},
      requestId: 'variable',
      interval: '1m',
      intervalMs: 60_000,
      timezone: 'browser',
      app: 'dashboard',
      startTime: Date.now(),
    } as unknown as DataQueryRequest<SchemaQuery>;
    const response = await lastValueFrom(this.query(request));
    const frame = response.data[0] as DataFrame | undefined;
    const field = parsed.field
      ? frame?.fields.find((f) => f.name === parsed.field)
      : (frame?.fields.find((f) => f.type === FieldType.string) ?? frame?.fields[0]);
    const values = [...new Set((field?.values ?? []).map((v) => String(v)))];
    return values.map((text) => ({ text, value: text }));
  }
}
