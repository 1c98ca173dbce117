import { GrafanaConfig, pluginContextFromWire, type PluginContextWire } from './plugin-context';
import { SettingsError } from './settings';

function wire(overrides: Partial<PluginContextWire> = {}): PluginContextWire {
  return {
    orgId: 3n,
    pluginId: 'dsforge-example-datasource',
    user: { login: 'admin', name: 'Admin', email: 'a@example.com', role: 'Admin' },
    grafanaConfig: { GF_APP_URL: 'http://grafana:3000/' },
    pluginVersion: '0.1.0',
    userAgent: 'Grafana/12.4.0',
    apiVersion: '',
    namespace: 'default',
    dataSourceInstanceSettings: {
      id: 1n,
      uid: 'u1',
      name: 'DS',
      url: '',
      user: '',
      database: '',
      basicAuthEnabled: false,
      basicAuthUser: '',
      jsonData: Buffer.from('{}'),
      decryptedSecureJsonData: {},
      lastUpdatedMS: 5n,
      apiVersion: '',
    },
    ...overrides,
  };
}

describe('pluginContextFromWire', () => {
  it('converts ids to numbers and builds settings and config', () => {
    const ctx = pluginContextFromWire(wire());
    expect(ctx.orgId).toBe(3);
    expect(ctx.pluginId).toBe('dsforge-example-datasource');
    expect(ctx.user).toEqual({ login: 'admin', name: 'Admin', email: 'a@example.com', role: 'Admin' });
    expect(ctx.dataSource?.uid).toBe('u1');
    expect(ctx.app).toBeUndefined();
    expect(ctx.grafanaConfig.appUrl()).toBe('http://grafana:3000/');
    expect(ctx.namespace).toBe('default');
  });

  it('has no user for requests Grafana makes itself (alerting)', () => {
    expect(pluginContextFromWire(wire({ user: undefined })).user).toBeUndefined();
    expect(
      pluginContextFromWire(wire({ user: { login: '', name: '', email: '', role: '' } })).user,
    ).toBeUndefined();
  });

  it('accepts a missing plugin context', () => {
    const ctx = pluginContextFromWire(undefined);
    expect(ctx.orgId).toBe(0);
    expect(ctx.dataSource).toBeUndefined();
    expect(ctx.grafanaConfig.featureToggles()).toEqual([]);
  });

  it('builds app settings for app plugins', () => {
    const ctx = pluginContextFromWire(
      wire({
        dataSourceInstanceSettings: undefined,
        appInstanceSettings: {
          jsonData: Buffer.from('{"a":1}'),
          decryptedSecureJsonData: {},
          lastUpdatedMS: 0n,
          apiVersion: '',
        },
      }),
    );
    expect(ctx.app?.jsonData).toEqual({ a: 1 });
  });

  it('surfaces invalid datasource jsonData as a SettingsError', () => {
    const w = wire();
    w.dataSourceInstanceSettings!.jsonData = Buffer.from('not json');
    expect(() => pluginContextFromWire(w)).toThrow(SettingsError);
  });
});

describe('GrafanaConfig', () => {
  const cfg = new GrafanaConfig({
    GF_CONCURRENT_QUERY_COUNT: '10',
    GF_RESPONSE_LIMIT: '1048576',
    GF_INSTANCE_FEATURE_TOGGLES_ENABLE: 'featA, featB,',
    GF_USER_FACING_DEFAULT_ERROR: 'Please contact your administrator',
    GF_SQL_ROW_LIMIT: '1000000',
    GF_PLUGIN_APP_CLIENT_SECRET: 'client-secret-canary',
  });

  it('reads the typed settings the Go SDK knows', () => {
    expect(cfg.concurrentQueryCount()).toBe(10);
    expect(cfg.responseLimit()).toBe(1048576);
    expect(cfg.featureToggles()).toEqual(['featA', 'featB']);
    expect(cfg.featureToggleEnabled('featB')).toBe(true);
    expect(cfg.featureToggleEnabled('featC')).toBe(false);
    expect(cfg.userFacingDefaultError()).toBe('Please contact your administrator');
    expect(cfg.sqlRowLimit()).toBe(1000000);
    expect(cfg.get('GF_SQL_ROW_LIMIT')).toBe('1000000');
  });

  it('reads unset, zero or malformed numbers as undefined', () => {
    const bad = new GrafanaConfig({ GF_RESPONSE_LIMIT: 'lots', GF_CONCURRENT_QUERY_COUNT: '0' });
    expect(bad.responseLimit()).toBeUndefined();
    expect(bad.concurrentQueryCount()).toBeUndefined();
    expect(bad.sqlRowLimit()).toBeUndefined();
    expect(bad.appUrl()).toBeUndefined();
  });

  it('redacts credentials when serialised', () => {
    expect(JSON.stringify(cfg)).not.toContain('client-secret-canary');
    expect(cfg.toJSON().GF_SQL_ROW_LIMIT).toBe('1000000');
  });
});
