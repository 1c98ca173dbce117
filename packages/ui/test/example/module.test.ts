/** @jest-environment jsdom */
import { CoreApp } from '@grafana/data';

import { instanceSettings } from '../datasource-harness';
import { plugin } from './module';

describe('a generated plugin module', () => {
  it('wires the config and query editors into DataSourcePlugin', () => {
    expect(plugin.components.ConfigEditor).toBeDefined();
    expect(plugin.components.QueryEditor).toBeDefined();
    expect(plugin.components.QueryEditor?.name).toBe('QueryEditor');
  });

  it("gives the datasource Grafana constructs the schema's default query", () => {
    const ds = new plugin.DataSourceClass(instanceSettings());
    expect(ds.getDefaultQuery?.(CoreApp.PanelEditor)).toEqual({
      operationId: 'listOrders',
      params: { limit: 100 },
    });
  });
});
