import type { DataSourceInstanceSettings } from '@grafana/data';
import { SchemaDataSource, type DsforgeJsonData } from '@dsforge/ui';

import { editorSchema } from './generated';

/**
 * The datasource in the browser. Queries, health checks and alerting run in the backend
 * (`src/backend/`). `SchemaDataSource` from `@dsforge/ui` prepares queries for it (defaults from
 * the schema, template variables, hidden or incomplete queries skipped) and answers query
 * variables (`operationId?param=value#field`) and annotations. Override its methods here:
 * `getDefaultQuery`, `filterQuery`, `applyTemplateVariables`, `metricFindQuery`.
 */
export class DataSource extends SchemaDataSource {
  constructor(instanceSettings: DataSourceInstanceSettings<DsforgeJsonData>) {
    super(instanceSettings, editorSchema);
  }
}
