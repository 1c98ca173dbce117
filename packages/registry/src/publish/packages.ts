import semver from 'semver';
import { rejected } from '../errors';
import { inspectZip, type ZipInspection } from '../trust';
import { readZipTexts } from './zip-read';

/** A package zip from a bundle after inspection. */
export interface InspectedPackage {
  fileName: string;
  path: string;
  /** `linux-amd64` style (Grafana's `<os>-<arch>` key) or `any`. */
  platform: string;
  inspection: ZipInspection;
  signature: string | undefined;
}

/** `<id>-<version>.<os>_<arch>.zip` → `<os>-<arch>`; `<id>-<version>.zip` → `any`. */
export function platformOfFileName(fileName: string, id: string, version: string): string | undefined {
  const base = `${id}-${version}`;
  if (fileName === `${base}.zip`) return 'any';
  const m = /^\.([a-z0-9]+)_([a-z0-9]+)\.zip$/.exec(fileName.slice(base.length));
  return fileName.startsWith(base) && m ? `${m[1]}-${m[2]}` : undefined;
}

/**
 * Inspects every package zip (zip-slip, symlinks, extra roots, modes — see `inspectZip`) and
 * checks they describe one plugin id and one semver version, named as `dsforge package` names
 * them. Returns the plugin id, version and plugin.json.
 */
export async function inspectPackages(
  packages: { fileName: string; path: string; signature: string | undefined }[],
): Promise<{
  id: string;
  version: string;
  pluginJson: Record<string, unknown>;
  packages: InspectedPackage[];
}> {
  if (packages.length === 0) {
    throw rejected(
      'no_package',
      'the upload holds no plugin zip; publish the zips made by `dsforge package`',
    );
  }
  const out: InspectedPackage[] = [];
  let id: string | undefined;
  let version: string | undefined;
  let pluginJson: Record<string, unknown> | undefined;
  for (const p of packages) {
    const inspection = await inspectZip(p.path);
    if (inspection.problems.length > 0) {
      throw rejected(
        'unsafe_zip',
        `${p.fileName} is not a safe plugin zip: ${inspection.problems.join('; ')}`,
      );
    }
    const pj = inspection.pluginJson ?? {};
    const pid = typeof pj.id === 'string' ? pj.id : '';
    const pver = typeof pj.info?.version === 'string' ? pj.info.version : '';
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(pid)) {
      throw rejected(
        'bad_plugin_id',
        `${p.fileName}: plugin.json id ${JSON.stringify(pid)} is not a valid plugin id`,
      );
    }
    if (!semver.valid(pver) || semver.clean(pver) !== pver) {
      throw rejected(
        'bad_version',
        `${p.fileName}: plugin.json info.version ${JSON.stringify(pver)} is not a semantic version like 1.2.3`,
      );
    }
    if (id !== undefined && (pid !== id || pver !== version)) {
      throw rejected(
        'mixed_packages',
        `${p.fileName} is ${pid}@${pver} but the upload also holds ${id}@${version}; publish one version at a time`,
      );
    }
    id = pid;
    version = pver;
    pluginJson = pj as Record<string, unknown>;
    const platform = platformOfFileName(p.fileName, pid, pver);
    if (!platform) {
      throw rejected(
        'bad_file_name',
        `${p.fileName} is not named like a dsforge package (${pid}-${pver}.zip or ${pid}-${pver}.<os>_<arch>.zip)`,
      );
    }
    if (out.some((o) => o.platform === platform)) {
      throw rejected('mixed_packages', `two packages for platform ${platform}`);
    }
    out.push({ ...p, platform, inspection });
  }
  return { id: id!, version: version!, pluginJson: pluginJson!, packages: out };
}

/** README.md, CHANGELOG.md and certification.json from the plugin folder of a zip (when present). */
export async function readDocs(
  path: string,
  root: string,
): Promise<{ readme: string; changelog: string; certification?: string }> {
  const t = await readZipTexts(path, [
    `${root}/README.md`,
    `${root}/CHANGELOG.md`,
    `${root}/certification.json`,
  ]);
  return {
    readme: t[`${root}/README.md`] ?? '',
    changelog: t[`${root}/CHANGELOG.md`] ?? '',
    certification: t[`${root}/certification.json`],
  };
}
