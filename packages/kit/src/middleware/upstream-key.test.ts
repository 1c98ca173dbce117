import type { PluginContext } from '@dsforge/backend';

import { upstreamKey } from './upstream-key';

describe('upstreamKey', () => {
  const ctx = (dataSource?: { uid: string; url: string }) => ({
    plugin: { dataSource } as unknown as PluginContext,
  });

  it('is the datasource uid and the host of its URL', () => {
    expect(upstreamKey(undefined, ctx({ uid: 'P1', url: 'https://api.example.com:8443/v1?x=1' }))).toBe(
      'P1@api.example.com:8443',
    );
    expect(upstreamKey(undefined, ctx({ uid: 'P1', url: 'db.internal:5432' }))).toBe('P1@db.internal:5432');
    expect(upstreamKey(undefined, ctx({ uid: 'P1', url: '' }))).toBe('P1');
    expect(upstreamKey(undefined, ctx())).toBe('default');
  });
});
