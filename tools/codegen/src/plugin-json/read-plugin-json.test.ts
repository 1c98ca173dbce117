import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BuildError } from '../build/errors';
import { readPluginJson } from '../build/plugin-json';

describe('dsforge build reading plugin.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsforge-pjv-'));
    await mkdir(join(dir, 'src'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const manifest = {
    type: 'datasource',
    name: 'Orders',
    id: 'acme-orders-datasource',
    backend: true,
    executable: 'gpx_orders',
    info: {
      version: '%VERSION%',
      updated: '%TODAY%',
      keywords: ['orders'],
      logos: { small: 'a.svg', large: 'a.svg' },
    },
    dependencies: { grafanaDependency: '>=12.4.0' },
  };

  it('fails listing every schema error of an invalid plugin.json', async () => {
    const broken = {
      ...manifest,
      alerting: 'yes',
      streeming: true,
      info: { ...manifest.info, version: 'v1' },
    };
    await writeFile(join(dir, 'src', 'plugin.json'), JSON.stringify(broken));
    const err = (await readPluginJson(dir).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(BuildError);
    const lines = err.message.split('\n');
    expect(lines[0]).toMatch(/plugin\.json is not a valid Grafana plugin\.json:$/);
    expect(lines.slice(1).sort()).toEqual([
      '  - "alerting" must be a boolean (got "yes")',
      '  - "info.version" has an invalid value "v1": use "%VERSION%" (dsforge build fills in package.json\'s version) or a SemVer version such as "1.2.3"',
      '  - "streeming" is not a plugin.json field: did you mean "streaming"?',
    ]);
  });

  it('passes a valid plugin.json through, with catalog-only gaps as warnings', async () => {
    const { name: _name, ...unnamed } = manifest;
    await writeFile(join(dir, 'src', 'plugin.json'), JSON.stringify(unnamed));
    const plugin = await readPluginJson(dir);
    expect(plugin.id).toBe('acme-orders-datasource');
    expect(plugin.warnings?.map((w) => w.path)).toEqual(['name']);
  });
});
