import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { craftZip, type CraftedEntry } from './craft-zip';
import { sha256Hex } from './hash';
import { inspectZip } from './zip-inspect';

const dir = mkdtempSync(join(tmpdir(), 'trust-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pluginJson = JSON.stringify({
  id: 'acme-x-datasource',
  executable: 'gpx_x',
  info: { version: '1.0.0' },
});
const good: CraftedEntry[] = [
  { name: 'acme-x-datasource/' },
  { name: 'acme-x-datasource/plugin.json', data: pluginJson },
  { name: 'acme-x-datasource/gpx_x_linux_amd64', data: 'ELF', mode: 0o755 },
];

async function inspect(entries: CraftedEntry[]) {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(path, craftZip(entries));
  return inspectZip(path);
}

describe('inspectZip', () => {
  it('lists files with their mode and sha256 and finds no problem in a well-formed plugin zip', async () => {
    const r = await inspect(good);
    expect(r.problems).toEqual([]);
    expect(r.root).toBe('acme-x-datasource');
    expect(r.entries).toEqual([
      {
        path: 'acme-x-datasource/gpx_x_linux_amd64',
        pluginPath: 'gpx_x_linux_amd64',
        size: 3,
        mode: 0o755,
        sha256: sha256Hex('ELF'),
        isSymlink: false,
      },
      {
        path: 'acme-x-datasource/plugin.json',
        pluginPath: 'plugin.json',
        size: pluginJson.length,
        mode: 0o644,
        sha256: sha256Hex(pluginJson),
        isSymlink: false,
      },
    ]);
  });

  it.each([
    ['acme-x-datasource/../../etc/cron.d/x', '".." segment'],
    ['/etc/passwd', 'absolute path'],
    ['acme-x-datasource\\..\\evil.exe', 'backslash'],
    ['C:/Windows/evil.exe', 'drive letter'],
  ])('rejects the zip-slip entry %s', async (name, why) => {
    const r = await inspect([...good, { name, data: 'x' }]);
    expect(r.problems.join('\n')).toContain(JSON.stringify(name));
    expect(r.problems.join('\n')).toContain(why);
  });

  it('rejects a symbolic link entry', async () => {
    const r = await inspect([
      ...good,
      { name: 'acme-x-datasource/link', data: '/etc/passwd', symlink: true },
    ]);
    expect(r.entries.find((e) => e.pluginPath === 'link')?.isSymlink).toBe(true);
    expect(r.problems).toContain(
      'entry "acme-x-datasource/link" is a symbolic link; plugin packages must not contain links',
    );
  });

  it('rejects a backend binary that is not executable (mode 0644)', async () => {
    const r = await inspect([
      good[0]!,
      good[1]!,
      { name: 'acme-x-datasource/gpx_x_linux_amd64', data: 'ELF', mode: 0o644 },
    ]);
    expect(r.problems).toEqual([
      'acme-x-datasource/gpx_x_linux_amd64 is a backend binary with mode 0644; it must be 0755 or Grafana cannot execute it',
    ]);
  });

  it('rejects a root folder that is not named after the plugin id, and a second root', async () => {
    const renamed = await inspect([{ name: 'other/plugin.json', data: pluginJson }]);
    expect(renamed.problems.join('\n')).toContain(
      'the root folder is "other" but plugin.json id is "acme-x-datasource"',
    );
    const two = await inspect([...good, { name: 'extra.txt', data: 'x' }]);
    expect(two.root).toBeNull();
    expect(two.problems.join('\n')).toContain('2 top-level entries (acme-x-datasource, extra.txt)');
  });

  it('rejects duplicate entry names, including names that differ only in case', async () => {
    const r = await inspect([...good, { name: 'acme-x-datasource/PLUGIN.json', data: '{}' }]);
    expect(r.problems.join('\n')).toContain('appears twice');
  });

  it('reports a file that is not a zip instead of throwing', async () => {
    const path = join(dir, 'not.zip');
    writeFileSync(path, 'hello');
    const r = await inspectZip(path);
    expect(r.problems[0]).toMatch(/not a readable zip file/);
  });
});

describe('inspectZip on altered bytes', () => {
  it('names the entry whose stored bytes were changed after zipping', async () => {
    const bytes = craftZip(good);
    const at = bytes.indexOf('ELF');
    bytes[at] = 'X'.charCodeAt(0);
    const path = join(dir, 'flipped.zip');
    writeFileSync(path, bytes);
    const r = await inspectZip(path);
    expect(r.problems).toEqual([
      'entry "acme-x-datasource/gpx_x_linux_amd64" is damaged: entry content does not match its CRC-32 (the entry was altered or is corrupt)',
    ]);
  });
});
