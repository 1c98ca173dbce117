import type { DataSourceInstanceSettings } from '@grafana/data';

import { SchemaDataSource } from '../../src';
import type { DsforgeJsonData } from '../../src/types';
import { ordersSchema } from '../fixtures';

/** The README's `src/datasource.ts`: a generated plugin's frontend datasource. */
export class DataSource extends SchemaDataSource {
  constructor(instanceSettings: DataSourceInstanceSettings<DsforgeJsonData>) {
    super(instanceSettings, ordersSchema);
  }
}
