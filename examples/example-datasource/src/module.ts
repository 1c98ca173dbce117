import { DataSourcePlugin } from '@grafana/data';
import type { DsforgeJsonData } from '@dsforge/ui';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import type { ExampleQuery } from './components/scenarios';
import { ExampleDataSource } from './datasource';

/** What Grafana loads from module.js: the datasource class and its editors. */
export const plugin = new DataSourcePlugin<ExampleDataSource, ExampleQuery, DsforgeJsonData>(
  ExampleDataSource,
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
