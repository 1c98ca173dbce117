import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryPlatform } from './trust';

/** One file of a built plugin folder. */
export interface PluginFile {
  /** POSIX path inside the plugin folder. */
  rel: string;
  abs: string;
  /** `os_arch` when the file is a backend binary. */
  platform?: string;
}

export interface PluginFolder {
  dir: string;
  id: string;
  version: string;
  executable?: string;
  files: PluginFile[];
  /** Platforms with a backend binary, sorted. */
  platforms: string[];
}

/** A problem with the input, stated so the user knows what to fix. */
export class PackageError extends Error {
  override name = 'PackageError';
}

/** Files that never belong in a plugin zip: editor/OS litter and our own outputs. */
const SKIP = /(^|\/)(\.DS_Store|Thumbs\.db)$|\.(zip|sig)$/;

/**
 * Reads a built plugin folder (`dsforge build` output): plugin.json facts and every file, sorted.
 * Symlinks are refused: Grafana resolves them against the install folder, and a zip must carry
 * real files.
 */
export async function readPluginFolder(dir: string): Promise<PluginFolder> {
  let pj: { id?: unknown; info?: { version?: unknown }; executable?: unknown; backend?: unknown };
  try {
    pj = JSON.parse(await readFile(join(dir, 'plugin.json'), 'utf8'));
  } catch (err) {
    throw new PackageError(
      `${dir} has no readable plugin.json (${(err as Error).message}); run dsforge build first`,
    );
  }
  if (typeof pj.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(pj.id)) {
    throw new PackageError(`plugin.json id ${JSON.stringify(pj.id)} is not a valid plugin id`);
  }
  const version = pj.info?.version;
  if (typeof version !== 'string' || version === '')
    throw new PackageError('plugin.json has no info.version');
  const executable = typeof pj.executable === 'string' ? pj.executable : undefined;
  const files: PluginFile[] = [];
  await walk(dir, '', files);
  for (const f of files) {
    const platform = executable ? binaryPlatform(f.rel, executable) : undefined;
    if (platform) f.platform = platform;
  }
  const platforms = [...new Set(files.flatMap((f) => (f.platform ? [f.platform] : [])))].sort();
  if (pj.backend === true && platforms.length === 0) {
    throw new PackageError(
      `plugin.json says backend: true but ${dir} has no ${executable ?? 'gpx_*'}_<os>_<arch> binary`,
    );
  }
  return { dir, id: pj.id, version, executable, files, platforms };
}

async function walk(root: string, rel: string, out: PluginFile[]): Promise<void> {
  const here = rel ? join(root, rel) : root;
  for (const name of (await readdir(here)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (SKIP.test(r)) continue;
    const abs = join(root, r);
    const st = await lstat(abs);
    if (st.isSymbolicLink())
      throw new PackageError(`${abs} is a symbolic link; plugin packages carry real files only`);
    if (st.isDirectory()) await walk(root, r, out);
    else if (st.isFile()) out.push({ rel: r, abs });
  }
}
