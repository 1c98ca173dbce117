import { inspect } from 'node:util';

import { AppSettings, DataSourceSettings, SettingsError, type DataSourceSettingsWire } from './settings';

const CANARY = 'pw-canary-51c0ffee';

function wire(overrides: Partial<DataSourceSettingsWire> = {}): DataSourceSettingsWire {
  return {
    id: 7n,
    uid: 'ds-uid',
    name: 'My DS',
    url: 'https://upstream.example.com',
    user: 'u',
    database: 'db',
    basicAuthEnabled: true,
    basicAuthUser: 'bob',
    jsonData: Buffer.from('{"timeout":30,"nested":{"a":[1,2]}}'),
    decryptedSecureJsonData: { apiKey: CANARY, basicAuthPassword: `${CANARY}-2` },
    lastUpdatedMS: 1767366245123n,
    apiVersion: 'v1',
    ...overrides,
  };
}

describe('DataSourceSettings.fromWire', () => {
  it('converts wire fields to plain types and parses jsonData', () => {
    const s = DataSourceSettings.fromWire<{ timeout: number; nested: { a: number[] } }>(wire());
    expect(s.id).toBe(7);
    expect(s.uid).toBe('ds-uid');
    expect(s.basicAuthUser).toBe('bob');
    expect(s.jsonData.timeout).toBe(30);
    expect(s.jsonData.nested.a).toEqual([1, 2]);
    expect(s.updated.toISOString()).toBe('2026-01-02T15:04:05.123Z');
    expect(s.apiVersion).toBe('v1');
  });

  it('treats empty or null jsonData as an empty object', () => {
    expect(DataSourceSettings.fromWire(wire({ jsonData: Buffer.alloc(0) })).jsonData).toEqual({});
    expect(
      DataSourceSettings.fromWire(wire({ jsonData: new Uint8Array(Buffer.from('null')) })).jsonData,
    ).toEqual({});
  });

  it('rejects invalid jsonData with an error naming the datasource and the fix', () => {
    let caught: unknown;
    try {
      DataSourceSettings.fromWire(wire({ jsonData: Buffer.from('{nope') }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect((caught as SettingsError).code).toBe('invalid_settings');
    expect((caught as Error).message).toMatch(
      /datasource "My DS" \(uid ds-uid\).*not valid JSON.*save it again/,
    );
  });

  it('gives access to secrets only through methods', () => {
    const s = DataSourceSettings.fromWire(wire());
    expect(s.secret('apiKey')).toBe(CANARY);
    expect(s.secret('missing')).toBeUndefined();
    expect(s.hasSecret('basicAuthPassword')).toBe(true);
    expect(s.secretKeys().sort()).toEqual(['apiKey', 'basicAuthPassword']);
  });

  it('never shows secret values in JSON, inspect, console, spread or keys', () => {
    const s = DataSourceSettings.fromWire(wire());
    const json = JSON.stringify(s);
    expect(json).not.toContain(CANARY);
    expect(JSON.parse(json)).toMatchObject({
      uid: 'ds-uid',
      secureJsonFields: { apiKey: true, basicAuthPassword: true },
    });
    expect(inspect(s, { depth: 10, showHidden: true })).not.toContain(CANARY);
    expect(JSON.stringify({ ...s })).not.toContain(CANARY);
    expect(Object.keys(s).join()).not.toMatch(/secure|secret/i);
    expect(`${String(s)}`).not.toContain(CANARY);
  });
});

describe('AppSettings.fromWire', () => {
  it('parses jsonData and hides secrets the same way', () => {
    const a = AppSettings.fromWire({
      jsonData: Buffer.from('{"x":1}'),
      decryptedSecureJsonData: { token: CANARY },
      lastUpdatedMS: 1000,
      apiVersion: '',
    });
    expect(a.jsonData).toEqual({ x: 1 });
    expect(a.secret('token')).toBe(CANARY);
    expect(a.updated.getTime()).toBe(1000);
    expect(JSON.stringify(a)).not.toContain(CANARY);
    expect(inspect(a)).not.toContain(CANARY);
    expect(a.toJSON()).toMatchObject({ secureJsonFields: { token: true } });
  });

  it('names the app plugin when its jsonData is invalid', () => {
    expect(() =>
      AppSettings.fromWire(
        { jsonData: Buffer.from('['), decryptedSecureJsonData: {}, lastUpdatedMS: 0n, apiVersion: '' },
        'my-app',
      ),
    ).toThrow(/app plugin "my-app"/);
  });
});
