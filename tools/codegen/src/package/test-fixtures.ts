// Tiny plugin folders for packaging tests: real plugin layouts with 4 KB "binaries", so tests run
// in milliseconds instead of zipping 130 MB Node executables.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import yauzl from 'yauzl';

export const FIXTURE_ID = 'acme-tiny-datasource';
export const FIXTURE_VERSION = '1.2.3';
export const BINARIES = ['gpx_tiny_linux_amd64', 'gpx_tiny_linux_arm64', 'gpx_tiny_windows_amd64.exe'];

/** Writes a built plugin folder at `dir` and returns it. Binaries are random (incompressible) bytes. */
export function makeDist(dir: string, options: { binaries?: string[] } = {}): string {
  mkdirSync(join(dir, 'img'), { recursive: true });
  const pluginJson = {
    id: FIXTURE_ID,
    type: 'datasource',
    name: 'Tiny',
    backend: true,
    executable: 'gpx_tiny',
    info: { version: FIXTURE_VERSION, logos: { small: 'img/logo.svg', large: 'img/logo.svg' } },
  };
  writeFileSync(join(dir, 'plugin.json'), JSON.stringify(pluginJson, null, 2));
  writeFileSync(join(dir, 'module.js'), 'define([], function () { return {}; });\n');
  writeFileSync(join(dir, 'README.md'), '# Tiny\n');
  writeFileSync(join(dir, 'CHANGELOG.md'), '## 1.2.3\n- first\n');
  writeFileSync(join(dir, 'LICENSE'), 'Apache-2.0\n');
  writeFileSync(join(dir, 'img', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  for (const b of options.binaries ?? BINARIES) {
    writeFileSync(join(dir, b), randomBytes(4096));
    // Deliberately 0644 on disk: packaging must set 0755 on binaries itself.
    chmodSync(join(dir, b), 0o644);
  }
  return dir;
}

/** Entry names and Unix modes of a zip, in order. */
export function zipListing(path: string): Promise<{ name: string; mode: number }[]> {
  return new Promise((resolve, reject) => {
    const out: { name: string; mode: number }[] = [];
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, mode: (e.externalFileAttributes >>> 16) & 0o7777 });
        zip.readEntry();
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Byte offset of an entry's data inside a zip (for flipping one byte of exactly that entry). */
export function entryDataOffset(path: string, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== name) return zip.readEntry();
        zip.openReadStream(e, (_e, s) => {
          s.resume();
          // yauzl reads the local header to find the data; the data starts after it.
          resolve(
            e.relativeOffsetOfLocalHeader + 30 + Buffer.byteLength(e.fileName) + e.extraFieldLength + 0,
          );
          zip.close();
        });
      });
      zip.on('end', () => reject(new Error(`no entry ${name}`)));
      zip.readEntry();
    });
  });
}
