/** @jest-environment jsdom */
import { plugin } from './module';

describe('a generated plugin module', () => {
  it('wires the config and query editors into DataSourcePlugin', () => {
    expect(plugin.components.ConfigEditor).toBeDefined();
    expect(plugin.components.QueryEditor).toBeDefined();
    expect(plugin.components.QueryEditor?.name).toBe('QueryEditor');
  });
});
