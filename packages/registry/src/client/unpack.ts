import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import { zipPathProblem } from '../trust';
import { eachEntry, extractEntry, openZip } from '../publish/zip-read';

/**
 * Unpacks a plugin zip (already checked by `inspectZip`) into `<pluginsDir>/<root>`:
 * extraction goes to a hidden sibling folder first and is renamed into place only when
 * complete, so Grafana never sees half a plugin and a failed install leaves the previous
 * version untouched until the swap. Every name is re-checked against zip-slip here too.
 */
export async function unpackPlugin(zipPath: string, pluginsDir: string, root: string): Promise<string> {
  const base = resolve(pluginsDir);
  await mkdir(base, { recursive: true });
  const staging = join(base, `.dsforge-install-${randomUUID()}`);
  await mkdir(staging);
  try {
    const zip = await openZip(zipPath);
    await eachEntry(zip, async (entry, read) => {
      const name = entry.fileName;
      const problem = zipPathProblem(name);
      if (problem) throw new Error(`refusing to unpack ${JSON.stringify(name)}: it ${problem}`);
      const target = resolve(staging, name);
      if (!target.startsWith(staging + sep))
        throw new Error(`refusing to unpack ${name}: outside the plugin folder`);
      if (name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        return;
      }
      await mkdir(dirname(target), { recursive: true });
      await extractEntry(await read(), target);
      // Keep only the executable bit from the archive: no setuid, no group/other write.
      const mode = (entry.externalFileAttributes >>> 16) & 0o111 ? 0o755 : 0o644;
      await chmod(target, mode);
    });
    const dest = join(base, root);
    const old = join(base, `.dsforge-old-${randomUUID()}`);
    await rename(dest, old).catch(() => undefined);
    await rename(join(staging, root), dest);
    await rm(old, { recursive: true, force: true });
    return dest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
