import { DataSourcePlugin } from '@grafana/data';
import type { DsforgeJsonData, SchemaQuery } from '@dsforge/ui';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';

/** What Grafana loads from module.js: the datasource class and its editors. */
export const plugin = new DataSourcePlugin<DataSource, SchemaQuery, DsforgeJsonData>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
