import type { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';

import { defaultQuery } from '../../src/query/createQueryEditor';
import type { DsforgeJsonData, SchemaQuery } from '../../src/types';
import { ordersSchema } from '../fixtures';

/** A generated plugin's frontend datasource, reduced to what the editors need. */
export class DataSource extends DataSourceWithBackend<SchemaQuery, DsforgeJsonData> {
  constructor(instanceSettings: DataSourceInstanceSettings<DsforgeJsonData>) {
    super(instanceSettings);
  }

  override getDefaultQuery(): Partial<SchemaQuery> {
    return defaultQuery(ordersSchema);
  }
}
