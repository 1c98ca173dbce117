import type {
  CoreApp,
  DataQueryRequest,
  LegacyMetricFindQueryOptions,
  MetricFindValue,
  ScopedVars,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { defaultQuery, type DsforgeJsonData } from '@dsforge/ui';

import { scenarioSchema, withBackendFields, type ExampleQuery } from './components/scenarios';

/** Replaces template variables in every string of a JSON value (objects and arrays too). */
function interpolate(value: unknown, scopedVars: ScopedVars): unknown {
  if (typeof value === 'string') return getTemplateSrv().replace(value, scopedVars);
  if (Array.isArray(value)) return value.map((v) => interpolate(v, scopedVars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, scopedVars)]));
  }
  return value;
}

/** Integer parameters given as a variable (`$rows`) become numbers once the variable is replaced. */
function coerceIntegers(query: ExampleQuery): ExampleQuery {
  const op = scenarioSchema.operations.find((o) => o.id === query.operationId);
  const params = { ...query.params };
  for (const p of op?.params ?? []) {
    const v = params[p.name];
    if (p.type === 'integer' && typeof v === 'string' && /^\s*\d+\s*$/.test(v)) params[p.name] = Number(v);
  }
  return { ...query, params };
}

/**
 * The example datasource in the browser. Queries, health checks and resources go to the
 * TypeScript backend (`src/backend/`); this class only prepares queries: template variables,
 * hidden or incomplete queries, variable values and annotations.
 */
export class ExampleDataSource extends DataSourceWithBackend<ExampleQuery, DsforgeJsonData> {
  /** Annotation queries use the normal query editor and backend. */
  override annotations = {};

  override getDefaultQuery(_app: CoreApp): Partial<ExampleQuery> {
    return withBackendFields({ refId: '', params: {}, ...defaultQuery(scenarioSchema) } as ExampleQuery);
  }

  /** Grafana's query runner skips hidden queries and those without a scenario. */
  override filterQuery(query: ExampleQuery): boolean {
    return !query.hide && Boolean(query.operationId || query.scenario);
  }

  /** Every string field of the query (and of its parameters) gets its template variables replaced. */
  override applyTemplateVariables(query: ExampleQuery, scopedVars: ScopedVars): ExampleQuery {
    const { refId, datasource, hide, ...rest } = query;
    const replaced = interpolate(rest, scopedVars) as Omit<ExampleQuery, 'refId'>;
    return withBackendFields(coerceIntegers({ ...replaced, refId, datasource, hide } as ExampleQuery));
  }

  /**
   * Variable values from the backend: the query text (variables replaced, so they can cascade),
   * split at commas, after a round trip through the `echo` resource.
   */
  override async metricFindQuery(
    query: string,
    options?: LegacyMetricFindQueryOptions,
  ): Promise<MetricFindValue[]> {
    const text = getTemplateSrv().replace(query, options?.scopedVars);
    const echo = await this.getResource<{ url?: string }>('echo', { q: text });
    const q = new URLSearchParams((echo.url ?? '').split('?')[1] ?? '').get('q') ?? '';
    return q
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((value) => ({ text: value, value }));
  }

  /** The queries of a request, as the backend receives them (for tests and debugging). */
  prepareTargets(request: DataQueryRequest<ExampleQuery>): ExampleQuery[] {
    return request.targets
      .filter((t) => this.filterQuery(t))
      .map((t) => this.applyTemplateVariables(t, request.scopedVars));
  }
}
