/**
 * One behavioural suite every `RegistryStorage` implementation must pass (SQLite and
 * PostgreSQL run it in `storage.test.ts`).
 */
import { DuplicateVersionError } from '../src/errors';
import type { NewVersion, RegistryStorage } from '../src/storage/types';

function sampleVersion(id: string, version: string, platforms = ['any', 'linux-amd64']): NewVersion {
  return {
    plugin: {
      id,
      name: 'Ünïcode “name”',
      description: 'd',
      type: 'datasource',
      team: 'weather',
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    version: {
      pluginId: id,
      version,
      publishedAt: '2026-01-03T12:00:00.000Z',
      team: 'weather',
      uploadDir: `plugins/${id}/${version}/u1`,
      readme: '# R',
      changelog: '- c',
      certification: '{}',
      signatureFingerprint: 'ab'.repeat(20),
      signatureKeyStatus: 'current',
      pluginJson: '{"id":"x"}',
      packages: platforms.map((p) => ({
        platform: p,
        fileName: `${id}-${version}.${p}.zip`,
        sha256: 'c'.repeat(64),
        size: 5_000_000_000, // > 2^32: sizes must survive as BIGINT
        signature: '-----BEGIN PGP SIGNATURE-----',
      })),
    },
  };
}

export function storageConformance(open: () => Promise<RegistryStorage>): void {
  let s: RegistryStorage;
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    await s.close();
  });

  test('migrating twice is harmless', async () => {
    await s.migrate();
    await s.migrate();
    expect(await s.listPlugins()).toEqual([]);
  });

  test('teams are created, found by token id, and updated with more prefixes and a new token', async () => {
    await s.upsertTeam({
      name: 'weather',
      tokenId: 'id1',
      tokenHash: 'h1',
      owns: ['acme-'],
      createdAt: 'now',
    });
    expect(await s.getTeamByTokenId('id1')).toMatchObject({ name: 'weather', owns: ['acme-'] });
    await s.upsertTeam({
      name: 'weather',
      tokenId: 'id2',
      tokenHash: 'h2',
      owns: ['wx-', 'acme-'],
      createdAt: 'later',
    });
    expect(await s.getTeamByTokenId('id1')).toBeUndefined();
    expect(await s.getTeam('weather')).toMatchObject({
      tokenHash: 'h2',
      owns: ['acme-', 'wx-'],
      createdAt: 'now',
    });
    expect((await s.listTeams()).map((t) => t.name)).toEqual(['weather']);
  });

  test('a published version reads back exactly, packages included', async () => {
    const v = sampleVersion('acme-a', '1.0.0');
    await s.publishVersion(v);
    const back = await s.getVersion('acme-a', '1.0.0');
    expect(back).toEqual({ ...v.version, yanked: false, yankReason: null, yankedAt: null });
    expect(await s.getPlugin('acme-a')).toMatchObject({
      name: 'Ünïcode “name”',
      team: 'weather',
      createdAt: '2026-01-01T00:00:00.000Z',
      firstPublishedAt: '2026-01-03T12:00:00.000Z',
    });
    expect((await s.listVersions('acme-a')).map((x) => x.version)).toEqual(['1.0.0']);
    expect(await s.listUploadDirs()).toEqual(['plugins/acme-a/1.0.0/u1']);
  });

  test('the first publish time of a plugin does not move with later versions', async () => {
    await s.publishVersion(sampleVersion('acme-a', '1.0.0'));
    const later = sampleVersion('acme-a', '1.1.0');
    later.version.publishedAt = '2026-02-01T00:00:00.000Z';
    await s.publishVersion(later);
    expect((await s.getPlugin('acme-a'))!.firstPublishedAt).toBe('2026-01-03T12:00:00.000Z');
  });

  test('a duplicate version throws DuplicateVersionError and changes nothing', async () => {
    await s.publishVersion(sampleVersion('acme-a', '1.0.0'));
    const dup = sampleVersion('acme-a', '1.0.0');
    dup.version.readme = 'other';
    await expect(s.publishVersion(dup)).rejects.toBeInstanceOf(DuplicateVersionError);
    expect((await s.getVersion('acme-a', '1.0.0'))!.readme).toBe('# R');
  });

  test('of two concurrent inserts of one version exactly one commits', async () => {
    const results = await Promise.allSettled([
      s.publishVersion(sampleVersion('acme-a', '2.0.0')),
      s.publishVersion(sampleVersion('acme-a', '2.0.0')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(DuplicateVersionError);
    expect(await s.listVersions('acme-a')).toHaveLength(1);
  });

  test('a transaction that fails half-way leaves no version and no plugin row behind', async () => {
    // Two packages for one platform violate the packages primary key after the version row was inserted.
    const broken = sampleVersion('acme-b', '1.0.0', ['any', 'any']);
    await expect(s.publishVersion(broken)).rejects.toThrow();
    expect(await s.getVersion('acme-b', '1.0.0')).toBeUndefined();
    expect(await s.getPlugin('acme-b')).toBeUndefined();
  });

  test('yanking and un-yanking change the version and leave an audit trail of who, when and why', async () => {
    await s.publishVersion(sampleVersion('acme-a', '1.0.0'));
    await s.publishVersion(sampleVersion('acme-a', '1.1.0'));
    const ev = (action: 'yank' | 'unyank', reason: string, at: string, team = 'weather') => ({
      pluginId: 'acme-a',
      version: '1.0.0',
      action,
      team,
      reason,
      at,
    });
    expect(await s.setYanked(ev('yank', 'broken', '2026-02-02T00:00:00.000Z'))).toBe('changed');
    expect(await s.getVersion('acme-a', '1.0.0')).toMatchObject({
      yanked: true,
      yankReason: 'broken',
      yankedAt: '2026-02-02T00:00:00.000Z',
    });
    // A second yank keeps the first reason and records nothing.
    expect(await s.setYanked(ev('yank', 'again', '2026-02-03T00:00:00.000Z'))).toBe('unchanged');
    expect((await s.getVersion('acme-a', '1.0.0'))!.yankReason).toBe('broken');
    expect(await s.setYanked(ev('unyank', 'wrong version', '2026-02-04T00:00:00.000Z', 'sre'))).toBe(
      'changed',
    );
    expect(await s.getVersion('acme-a', '1.0.0')).toMatchObject({
      yanked: false,
      yankReason: null,
      yankedAt: null,
    });
    expect(await s.setYanked(ev('unyank', 'x', '2026-02-05T00:00:00.000Z'))).toBe('unchanged');
    expect(await s.listYankEvents('acme-a', '1.0.0')).toEqual([
      ev('yank', 'broken', '2026-02-02T00:00:00.000Z'),
      ev('unyank', 'wrong version', '2026-02-04T00:00:00.000Z', 'sre'),
    ]);
    expect(await s.listYankEvents('acme-a', '1.1.0')).toEqual([]);
    expect(await s.listYankEvents('acme-a')).toHaveLength(2);
    expect((await s.getVersion('acme-a', '1.1.0'))!.yanked).toBe(false);
    expect(await s.setYanked({ ...ev('yank', 'x', 'now'), version: '9.9.9' })).toBe('missing');
    expect(await s.listYankEvents('acme-a', '9.9.9')).toEqual([]);
  });

  test("a plugin's yank events across its versions come back in the order they happened, each with its version", async () => {
    // The plugin page reads one plugin's events in one call and groups them by version.
    for (const [id, v] of [
      ['acme-a', '1.0.0'],
      ['acme-a', '1.1.0'],
      ['acme-b', '1.0.0'],
    ] as const)
      await s.publishVersion(sampleVersion(id, v));
    const ev = (pluginId: string, version: string, action: 'yank' | 'unyank', at: string) => ({
      pluginId,
      version,
      action,
      team: 'weather',
      reason: `${pluginId} ${version} ${action} <b>&</b>`,
      at,
    });
    // Times deliberately out of order: the order is that of the changes, not of the clocks that stamped them.
    const changes = [
      ev('acme-a', '1.1.0', 'yank', '2026-02-02T00:00:00.000Z'),
      ev('acme-b', '1.0.0', 'yank', '2026-02-02T00:00:00.000Z'),
      ev('acme-a', '1.0.0', 'yank', '2026-02-01T00:00:00.000Z'),
      ev('acme-a', '1.1.0', 'unyank', '2026-02-03T00:00:00.000Z'),
    ];
    for (const c of changes) expect(await s.setYanked(c)).toBe('changed');
    expect(await s.listYankEvents('acme-a')).toEqual([changes[0], changes[2], changes[3]]);
    expect(await s.listYankEvents('acme-b')).toEqual([changes[1]]);
    expect(await s.listYankEvents('acme-c')).toEqual([]);
  });

  test('of two concurrent yanks of one version exactly one changes it', async () => {
    await s.publishVersion(sampleVersion('acme-a', '1.0.0'));
    const yank = (team: string) =>
      s.setYanked({ pluginId: 'acme-a', version: '1.0.0', action: 'yank', team, reason: team, at: 'now' });
    const outcomes = await Promise.all([yank('t1'), yank('t2')]);
    expect(outcomes.sort()).toEqual(['changed', 'unchanged']);
    expect(await s.listYankEvents('acme-a', '1.0.0')).toHaveLength(1);
  });

  test('plugin meta (issues link, open bugs) is stored and cleared', async () => {
    await s.publishVersion(sampleVersion('acme-a', '1.0.0'));
    expect(await s.updatePluginMeta('acme-a', { issuesUrl: 'https://i', openBugs: 4 })).toBe(true);
    expect(await s.getPlugin('acme-a')).toMatchObject({ issuesUrl: 'https://i', openBugs: 4 });
    await s.updatePluginMeta('acme-a', { openBugs: null });
    expect((await s.getPlugin('acme-a'))!.openBugs).toBeNull();
    expect(await s.updatePluginMeta('nope', { openBugs: 1 })).toBe(false);
  });

  test('installs are recorded in order and filtered by plugin', async () => {
    const at = '2026-01-05T00:00:00.000Z';
    await s.recordInstall({
      pluginId: 'a',
      version: '1',
      team: 't1',
      instanceId: 'i1',
      platform: 'linux-amd64',
      at,
    });
    await s.recordInstall({ pluginId: 'b', version: '1', team: 't2', instanceId: 'i2', platform: 'any', at });
    expect((await s.listInstalls()).map((i) => i.pluginId)).toEqual(['a', 'b']);
    expect(await s.listInstalls('b')).toEqual([
      { pluginId: 'b', version: '1', team: 't2', instanceId: 'i2', platform: 'any', at },
    ]);
  });
}
