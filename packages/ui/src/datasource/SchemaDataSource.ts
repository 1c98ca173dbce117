import {
  CoreApp,
  getDefaultTimeRange,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { defaultQuery } from '../query/createQueryEditor';
import type { DsforgeJsonData, QueryEditorSchema, SchemaQuery } from '../types';
import { interpolate } from './interpolate';
import { lastResponse } from './lastResponse';
import { fieldValues, parseVariableQuery } from './variableQuery';

/**
 * The browser side of a schema-generated datasource. Queries, health checks and alerting run in
 * the plugin's backend; this class prepares queries for it (defaults from the schema, template
 * variables, skipping hidden or incomplete queries), answers query variables through the backend,
 * and turns on annotations with the normal query editor.
 *
 * A generated plugin's `src/datasource.ts` subclasses it; override any method there.
 *
 * @example
 * export class DataSource extends SchemaDataSource {
 *   constructor(settings: DataSourceInstanceSettings<DsforgeJsonData>) {
 *     super(settings, editorSchema);
 *   }
 * }
 */
export class SchemaDataSource<
  TOptions extends DsforgeJsonData = DsforgeJsonData,
> extends DataSourceWithBackend<SchemaQuery, TOptions> {
  /** Annotation queries use the normal query editor and run in the backend like any query. */
  override annotations = {};

  /**
   * @param instanceSettings - what Grafana passes to the datasource constructor
   * @param editorSchema - the plugin's operations (`editorSchema` from `src/generated/`)
   */
  constructor(
    instanceSettings: DataSourceInstanceSettings<TOptions>,
    protected readonly editorSchema: QueryEditorSchema,
  ) {
    super(instanceSettings);
  }

  /** A new query starts on the schema's first operation with its parameter defaults. */
  override getDefaultQuery(_app: CoreApp): Partial<SchemaQuery> {
    return defaultQuery(this.editorSchema);
  }

  /** Grafana's query runner skips hidden queries and those without an operation. */
  override filterQuery(query: SchemaQuery): boolean {
    return !query.hide && Boolean(query.operationId);
  }

  /**
   * Replaces template variables in every string of the query, parameters, filters and raw text
   * included. `refId`, `datasource` and `hide` are Grafana's bookkeeping and stay as they are.
   */
  override applyTemplateVariables(query: SchemaQuery, scopedVars: ScopedVars): SchemaQuery {
    const { refId, datasource, hide, ...rest } = query;
    const replaced = interpolate(rest, scopedVars) as Omit<SchemaQuery, 'refId'>;
    return { ...replaced, refId, datasource, hide };
  }

  /**
   * Query variable values. The variable's query is `operationId?param=value#field` (see
   * {@link parseVariableQuery}); it runs through the backend like a panel query, and the distinct
   * values of `field` (default: the first text field of the first frame) become the options.
   */
  override async metricFindQuery(
    query: string,
    options?: LegacyMetricFindQueryOptions,
  ): Promise<MetricFindValue[]> {
    const parsed = parseVariableQuery(getTemplateSrv().replace(query, options?.scopedVars));
    if (!parsed.operationId) return [];
    const request = this.variableRequest(parsed.operationId, parsed.params, options);
    const response = await lastResponse<DataQueryResponse>(this.query(request));
    return fieldValues(response?.data[0], parsed.field);
  }

  /** The request a variable query sends: one target, the dashboard's range or the default one. */
  protected variableRequest(
    operationId: string,
    params: Record<string, string>,
    options?: LegacyMetricFindQueryOptions,
  ): DataQueryRequest<SchemaQuery> {
    return {
      targets: [{ refId: 'variable', operationId, params }],
      range: options?.range ?? getDefaultTimeRange(),
      scopedVars: options?.scopedVars ?? {},
      requestId: 'variable',
      interval: '1m',
      intervalMs: 60_000,
      timezone: 'browser',
      app: CoreApp.Dashboard,
      startTime: Date.now(),
    };
  }
}
