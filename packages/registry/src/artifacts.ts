import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { finished, type Readable } from 'node:stream';
import { RegistryError } from './errors';

/**
 * Artifact files on disk, shareable by several registry instances (a common directory).
 *
 * Layout: `tmp/` for uploads in flight, `plugins/<id>/<version>/<upload-id>/` for published
 * files. Each upload gets its own directory, so of two concurrent publishes of one version the
 * loser never overwrites the winner's files: it only removes its own directory after the
 * database refuses its row. Files reach `plugins/` by rename after an fsync, and the database
 * row is inserted after that, so a crash at any point leaves no row pointing at partial files.
 */
export class ArtifactStore {
  readonly root: string;
  readonly tmpDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tmpDir = join(this.root, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(join(this.root, 'plugins'), { recursive: true });
  }

  /** A fresh private directory under `tmp/` for one upload. */
  async newTempDir(): Promise<string> {
    const dir = join(this.tmpDir, `upload-${Date.now()}-${randomUUID()}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /**
   * Copies `body` to `file`, counting bytes and aborting at `limit` with a 413. The file is
   * fsynced before the promise resolves. On any failure (limit, client abort) the partial file is
   * removed before rejecting.
   */
  async receive(body: Readable, file: string, limit: number): Promise<number> {
    let bytes = 0;
    const out = createWriteStream(file, { flags: 'wx' });
    try {
      await new Promise<void>((ok, fail) => {
        let settled = false;
        const settle = (err?: Error) => {
          if (settled) return;
          settled = true;
          if (err) {
            body.unpipe();
            out.destroy();
            fail(err);
          } else ok();
        };
        body.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > limit) {
            // Stop reading but keep the socket: the client still gets the 413 (sent with
            // `connection: close`), instead of a reset connection.
            body.pause();
            settle(
              new RegistryError(
                413,
                'too_large',
                `upload exceeds the registry's size limit of ${limit} bytes; raise --max-upload-bytes on the server or ship smaller packages`,
              ),
            );
          } else if (!out.write(chunk)) {
            body.pause();
            out.once('drain', () => body.resume());
          }
        });
        body.on('end', () => out.end());
        // finished() also reports a body that was aborted before this function attached its
        // listeners (the client can hang up while the token is still being checked).
        finished(body, { writable: false }, (err) => {
          if (err) settle(new RegistryError(400, 'upload_aborted', `upload interrupted: ${err.message}`));
        });
        out.on('error', settle);
        out.on('finish', () => settle());
      });
      const fh = await open(file, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      return bytes;
    } catch (err) {
      out.destroy();
      await rm(file, { force: true });
      throw err;
    }
  }

  /**
   * Moves a finished upload directory into its final place (`plugins/<id>/<version>/<uuid>`),
   * returning the path relative to the root (what the database stores).
   */
  async commit(tempDir: string, pluginId: string, version: string): Promise<string> {
    const rel = ['plugins', pluginId, version, randomUUID()].join('/');
    const dest = this.abs(rel);
    await mkdir(join(dest, '..'), { recursive: true });
    await syncDir(tempDir);
    await rename(tempDir, dest);
    await syncDir(join(dest, '..'));
    return rel;
  }

  /** Absolute path of a stored relative path, refusing anything that escapes the root. */
  abs(rel: string, ...more: string[]): string {
    const p = resolve(this.root, rel, ...more);
    if (!p.startsWith(this.root + sep))
      throw new RegistryError(400, 'bad_path', `path escapes the artifact root: ${rel}`);
    return p;
  }

  async remove(relOrAbs: string): Promise<void> {
    const p = relOrAbs.startsWith(this.root) ? relOrAbs : this.abs(relOrAbs);
    await rm(p, { recursive: true, force: true });
  }

  /**
   * Removes leftovers of crashed uploads: temp directories older than `maxAgeMs`, and published
   * upload directories that no database row references (a crash between rename and insert).
   * The age threshold keeps another instance's in-flight upload alive when the directory is shared.
   */
  async cleanOrphans(referenced: string[], maxAgeMs: number, now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    const old = async (p: string) => now - (await stat(p)).mtimeMs >= maxAgeMs;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      if (await old(p)) {
        await rm(p, { recursive: true, force: true });
        removed.push(p);
      }
    }
    const keep = new Set(referenced.map((r) => this.abs(r)));
    const pluginsDir = join(this.root, 'plugins');
    for (const id of await readdir(pluginsDir).catch(() => [] as string[])) {
      for (const v of await readdir(join(pluginsDir, id)).catch(() => [] as string[])) {
        for (const u of await readdir(join(pluginsDir, id, v)).catch(() => [] as string[])) {
          const p = join(pluginsDir, id, v, u);
          if (!keep.has(p) && (await old(p))) {
            await rm(p, { recursive: true, force: true });
            removed.push(p);
          }
        }
      }
    }
    return removed;
  }
}

/** fsync a directory so a rename into it survives a power loss (no-op where unsupported). */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* some platforms cannot open directories; the rename is still atomic */
  }
}
