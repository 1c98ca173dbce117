import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPluginBinary, pluginBinaryName } from './find-binary';

describe('pluginBinaryName', () => {
  it.each([
    [{ os: 'linux', arch: 'x64' }, 'gpx_x_linux_amd64'],
    [{ os: 'linux', arch: 'arm64' }, 'gpx_x_linux_arm64'],
    [{ os: 'darwin', arch: 'arm64' }, 'gpx_x_darwin_arm64'],
    [{ os: 'win32', arch: 'x64' }, 'gpx_x_windows_amd64.exe'],
    [{ os: 'windows', arch: 'amd64' }, 'gpx_x_windows_amd64.exe'],
  ])('names the binary for %j as Grafana does', (platform, name) => {
    expect(pluginBinaryName('gpx_x', platform)).toBe(name);
  });

  it('refuses a platform Grafana has no binary name for', () => {
    expect(() => pluginBinaryName('gpx_x', { os: 'aix', arch: 'x64' })).toThrow(
      'no Grafana plugin binary name for OS "aix"',
    );
  });
});

describe('findPluginBinary', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dsforge-find-binary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the executable from src/plugin.json and points into dist', () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(
      join(dir, 'src', 'plugin.json'),
      JSON.stringify({ id: 'a-b-datasource', executable: 'gpx_ab' }),
    );
    expect(findPluginBinary(dir, { os: 'linux', arch: 'x64' })).toBe(join(dir, 'dist', 'gpx_ab_linux_amd64'));
  });

  it('falls back to dist/plugin.json', () => {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'plugin.json'), JSON.stringify({ executable: 'gpx_ab' }));
    expect(findPluginBinary(dir, { os: 'win32', arch: 'x64' })).toBe(
      join(dir, 'dist', 'gpx_ab_windows_amd64.exe'),
    );
  });

  it('says what is missing when plugin.json has no executable', () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'plugin.json'), JSON.stringify({ id: 'frontend-only' }));
    expect(() => findPluginBinary(dir)).toThrow('has no "executable"');
  });

  it('says so when there is no plugin.json at all', () => {
    expect(() => findPluginBinary(dir)).toThrow('no plugin.json');
  });
});
