import { copyFile, link, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { checkGrafanaManifest, MANIFEST_FILE } from './grafana-manifest';
import { runGrafanaSignPlugin, type GrafanaSignOptions } from './grafana-sign';
import { PackageError, readPluginFolder, type PluginFile, type PluginFolder } from './plugin-folder';
import { hashFile } from './trust';
import { writeZip } from './zip-writer';

export interface PackageOptions {
  distDir: string;
  /** Where the zips go (default: the parent of distDir). */
  outDir?: string;
  /** Sign each zip's folder with Grafana's signing service (needs GRAFANA_ACCESS_POLICY_TOKEN). */
  grafanaSign?: GrafanaSignOptions;
}

export interface PackagedZip {
  /** `any` (every binary) or `os_arch` (that platform's binary only). */
  platform: string;
  path: string;
  sha256: string;
  bytes: number;
  /** Whether the zip carries a Grafana-signed MANIFEST.txt valid for exactly its files. */
  grafanaSigned: boolean;
}

export interface PackageResult {
  id: string;
  version: string;
  zips: PackagedZip[];
  warnings: string[];
}

/**
 * Zips a built plugin folder the way Grafana installs it: one root folder `<id>/`, one zip per
 * platform holding only that platform's binary (`<id>-<version>.<os>_<arch>.zip`) and an `any`
 * zip with all binaries (`<id>-<version>.zip`). Grafana (via a repository) downloads the zip for
 * its own os/arch and falls back to the `any` zip.
 *
 * MANIFEST.txt is copied only into a zip whose files it lists exactly: a manifest made for the
 * whole folder lists every binary, so per-platform zips would be "modified" in Grafana's eyes.
 * `grafanaSign` signs each zip's own folder instead.
 */
export async function packagePlugin(options: PackageOptions): Promise<PackageResult> {
  const distDir = resolve(options.distDir);
  const folder = await readPluginFolder(distDir);
  const outDir = resolve(options.outDir ?? dirname(distDir));
  await mkdir(outDir, { recursive: true });
  const warnings: string[] = [];
  const base = `${folder.id}-${folder.version}`;
  const targets = [
    ...folder.platforms.map((p) => ({ platform: p, name: `${base}.${p}.zip`, files: filesFor(folder, p) })),
    { platform: 'any', name: `${base}.zip`, files: filesFor(folder, 'any') },
  ];
  const existing = folder.files.find((f) => f.rel === MANIFEST_FILE);
  let manifestFiles: Set<string> | undefined;
  if (existing && !options.grafanaSign) {
    const check = await checkGrafanaManifest(distDir);
    if (check.status !== 'valid') {
      throw new PackageError(
        `${existing.abs} does not match the plugin folder, and Grafana refuses such a plugin even when unsigned plugins are allowed:\n  ${check.problems.join('\n  ')}\nRe-sign with dsforge sign --grafana, or delete MANIFEST.txt to ship unsigned.`,
      );
    }
    manifestFiles = new Set(Object.keys(check.manifest!.files));
  }
  const zips: PackagedZip[] = [];
  for (const t of targets) {
    const out = join(outDir, t.name);
    let files = t.files;
    let grafanaSigned = false;
    if (options.grafanaSign) {
      const staged = await stageAndSign(folder, t.platform, files, outDir, options.grafanaSign);
      files = staged;
      grafanaSigned = true;
    } else if (existing && manifestFiles) {
      if (
        sameSet(
          manifestFiles,
          files.map((f) => f.rel),
        )
      ) {
        files = [...files, existing];
        grafanaSigned = true;
      } else {
        warnings.push(
          `${t.name} has no MANIFEST.txt: the folder's manifest lists other files (it was signed for the whole folder); use dsforge package --grafana-sign to sign each platform zip`,
        );
      }
    }
    await writeZip(
      files.map((f) => ({ path: `${folder.id}/${f.rel}`, abs: f.abs, executable: f.platform !== undefined })),
      out,
    );
    zips.push({
      platform: t.platform,
      path: out,
      sha256: await hashFile(out),
      bytes: (await stat(out)).size,
      grafanaSigned,
    });
  }
  await rm(join(outDir, `.dsforge-staging-${process.pid}`), { recursive: true, force: true });
  return { id: folder.id, version: folder.version, zips, warnings };
}

/** The files of one zip: everything except MANIFEST.txt and other platforms' binaries. */
function filesFor(folder: PluginFolder, platform: string): PluginFile[] {
  return folder.files.filter(
    (f) => f.rel !== MANIFEST_FILE && (!f.platform || platform === 'any' || f.platform === platform),
  );
}

function sameSet(a: Set<string>, b: string[]): boolean {
  return a.size === b.length && b.every((x) => a.has(x));
}

/**
 * Grafana's signing service signs a folder, so each zip's exact file set is staged (hard links,
 * no copies of 130 MB binaries when the file system allows) and signed on its own.
 */
async function stageAndSign(
  folder: PluginFolder,
  platform: string,
  files: PluginFile[],
  outDir: string,
  sign: GrafanaSignOptions,
): Promise<PluginFile[]> {
  const stage = join(outDir, `.dsforge-staging-${process.pid}`, platform, folder.id);
  await rm(stage, { recursive: true, force: true });
  const staged: PluginFile[] = [];
  for (const f of files) {
    const abs = join(stage, f.rel);
    await mkdir(dirname(abs), { recursive: true });
    await link(f.abs, abs).catch(() => copyFile(f.abs, abs));
    staged.push({ ...f, abs });
  }
  const result = await runGrafanaSignPlugin(stage, sign);
  if (!result.ok)
    throw new PackageError(
      `Grafana signing failed for the ${platform} zip: ${result.reason}\n${result.output.trim()}`,
    );
  return [...staged, { rel: MANIFEST_FILE, abs: join(stage, MANIFEST_FILE) }];
}
