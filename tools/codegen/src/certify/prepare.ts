/**
 * Before the checks: read the package (package.json, src/plugin.json), pick the binary this
 * machine runs, and build the plugin with `dsforge build` when its dist folder is missing or older
 * than its sources.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { buildPlugin } from '../build/build-plugin';
import { TARGETS, type TargetName } from '../build/targets';
import type { PackageInfo } from './types';

/** Reads the package facts, or says what is wrong. */
export async function readPackage(dir: string): Promise<PackageInfo | { problem: string }> {
  const abs = resolve(dir);
  const json = async (rel: string) =>
    JSON.parse(await readFile(join(abs, rel), 'utf8')) as Record<string, unknown>;
  let packageJson: Record<string, unknown>;
  let srcPluginJson: Record<string, unknown>;
  try {
    packageJson = await json('package.json');
  } catch (err) {
    return { problem: `${join(abs, 'package.json')}: ${(err as Error).message}` };
  }
  try {
    srcPluginJson = await json('src/plugin.json');
  } catch (err) {
    return { problem: `${join(abs, 'src/plugin.json')}: ${(err as Error).message}` };
  }
  if (typeof srcPluginJson.id !== 'string') return { problem: `${join(abs, 'src/plugin.json')} has no "id"` };
  const backend = (packageJson.dsforge as { backend?: unknown } | undefined)?.backend;
  return {
    dir: abs,
    distDir: join(abs, 'dist'),
    packageJson,
    srcPluginJson,
    id: srcPluginJson.id,
    ...(typeof srcPluginJson.executable === 'string' ? { executable: srcPluginJson.executable } : {}),
    ...(typeof backend === 'string' ? { backendEntry: resolve(abs, backend) } : {}),
  };
}

/** The target of this machine, whose binary certification runs. */
export function hostTarget(): TargetName | undefined {
  if (process.platform === 'linux' && process.arch === 'x64') return 'linux_amd64';
  if (process.platform === 'linux' && process.arch === 'arm64') return 'linux_arm64';
  if (process.platform === 'win32' && process.arch === 'x64') return 'windows_amd64';
  return undefined;
}

const SKIP = new Set(['node_modules', 'dist', '.git', 'coverage', '.cache']);

/** Newest modification time (ms) of the files under `dir` (skipping outputs and dependencies). */
async function newestMtime(dir: string, skipNames: Set<string>): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (SKIP.has(e.name) || skipNames.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, await newestMtime(p, skipNames));
    else if (e.isFile()) newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

/**
 * Why the dist folder needs a build, or undefined when it is up to date: a required binary or
 * dist/plugin.json is missing, or a source file (the package's, or the backend entry's folder when
 * that lies outside the package) is newer than the oldest binary.
 */
export async function staleReason(pkg: PackageInfo, platforms: TargetName[]): Promise<string | undefined> {
  if (!pkg.executable) return undefined;
  if (!(await stat(join(pkg.distDir, 'plugin.json')).catch(() => undefined)))
    return 'dist/plugin.json is missing';
  let oldest = Infinity;
  for (const p of platforms) {
    const file = join(pkg.distDir, pkg.executable + TARGETS[p].fileSuffix);
    const st = await stat(file).catch(() => undefined);
    if (!st) return `${pkg.executable + TARGETS[p].fileSuffix} is missing`;
    oldest = Math.min(oldest, st.mtimeMs);
  }
  const ignore = new Set([
    'certify.config.json',
    'certify.allowlist',
    'certification-report.md',
    'certification-report.html',
  ]);
  let newest = await newestMtime(pkg.dir, ignore);
  if (pkg.backendEntry && !pkg.backendEntry.startsWith(pkg.dir + '/'))
    newest = Math.max(newest, await newestMtime(dirname(pkg.backendEntry), ignore));
  return newest > oldest ? 'sources changed after the last build' : undefined;
}

/** Builds the package for `platforms` when {@link staleReason} says so. */
export async function ensureBuilt(
  pkg: PackageInfo,
  platforms: TargetName[],
  log: (line: string) => void,
): Promise<{ built: boolean; reason?: string }> {
  const reason = await staleReason(pkg, platforms);
  if (!reason) return { built: false };
  log(`  building (${reason}): dsforge build ${pkg.dir} --targets ${platforms.join(',')}`);
  await buildPlugin({
    packageDir: pkg.dir,
    targets: platforms.map((p) => TARGETS[p]),
    log: (l) => log(`  ${l}`),
  });
  return { built: true, reason };
}
