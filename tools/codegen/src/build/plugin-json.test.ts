import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildError } from './errors';
import { readPluginJson, renderPluginJson } from './plugin-json';

describe('readPluginJson', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dsforge-pj-'));
    await mkdir(join(dir, 'src'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const write = (json: unknown) =>
    writeFile(join(dir, 'src', 'plugin.json'), typeof json === 'string' ? json : JSON.stringify(json));
  const valid = { id: 'acme-x-datasource', type: 'datasource', backend: true, executable: 'gpx_x' };

  it('returns id, type and executable of a valid manifest', async () => {
    await write(valid);
    await expect(readPluginJson(dir)).resolves.toMatchObject({
      id: 'acme-x-datasource',
      type: 'datasource',
      executable: 'gpx_x',
    });
  });

  it.each([
    [{ ...valid, id: 'Acme X' }, 'field "id"'],
    [{ ...valid, type: 'panel' }, 'field "type"'],
    [{ ...valid, backend: false }, 'field "backend" must be true'],
    [{ ...valid, executable: '../gpx_x' }, 'field "executable"'],
    ['{ not json', 'is not valid JSON'],
  ])('rejects %j naming the problem', async (json, message) => {
    await write(json);
    const err = await readPluginJson(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).toContain(message);
    expect((err as Error).message).toContain('plugin.json');
  });

  it('suggests an executable name derived from the id', async () => {
    await write({ ...valid, executable: undefined });
    await expect(readPluginJson(dir)).rejects.toThrow('e.g. "gpx_acme_x_datasource"');
  });
});

describe('renderPluginJson', () => {
  it('replaces %VERSION% and %TODAY%', () => {
    const raw = { id: 'a-datasource', info: { version: '%VERSION%', updated: '%TODAY%' } };
    const text = renderPluginJson(
      { id: 'a-datasource', type: 'datasource', backend: true, executable: 'gpx_a', raw, path: '' },
      '2.0.1',
      new Date('2026-01-02T03:04:05Z'),
    );
    expect(JSON.parse(text).info).toEqual({ version: '2.0.1', updated: '2026-01-02' });
  });
});
