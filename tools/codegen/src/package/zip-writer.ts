import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

/** A file to put in a zip: read from `abs` when zipped (streamed), stored as `path`. */
export interface ZipInput {
  path: string;
  abs: string;
  executable: boolean;
}

/**
 * A fixed local-time mtime. yazl writes DOS timestamps from local-time fields; a Date built from
 * local fields gives the same bytes in every time zone. `forceDosTimestamp` drops the UTC
 * extended-timestamp field, which would otherwise differ between time zones.
 */
const MTIME = new Date(2000, 0, 1, 0, 0, 0);
const FILE = 0o100000;
const DIR = 0o040000;

/**
 * Writes a deterministic zip: entries sorted by path, a directory entry for every folder, fixed
 * mtime, modes 0755 for executables and directories and 0644 otherwise. The same inputs give
 * byte-identical zips, so a re-packaged release hashes the same. Written to a temp name first
 * so a crash never leaves a half zip under the final name.
 */
export async function writeZip(files: ZipInput[], outPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  const items = [
    ...[...dirs].map((d) => ({ kind: 'dir' as const, path: d })),
    ...files.map((f) => ({ kind: 'file' as const, path: f.path, f })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const it of items) {
    if (it.kind === 'dir') {
      zip.addEmptyDirectory(it.path, { mtime: MTIME, mode: DIR | 0o755, forceDosTimestamp: true });
    } else {
      // addFile streams from disk when the entry is written; 130 MB binaries never sit in memory.
      zip.addFile(it.f.abs, it.path, {
        mtime: MTIME,
        mode: FILE | (it.f.executable ? 0o755 : 0o644),
        forceDosTimestamp: true,
        compress: true,
      });
    }
  }
  zip.end();
  const tmp = `${outPath}.${process.pid}.partial`;
  await pipeline(zip.outputStream, createWriteStream(tmp));
  await rename(tmp, outPath);
}
