import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { BUNDLE_CONTENT_TYPE, writeBundle, type BundleInput } from '../publish/bundle';
import type { PublishResult } from '../publish/publish';
import { registryBase, RegistryClientError, uploadFile } from './http';

export interface PublishOptions {
  /** Any of the version's zips (`<id>-<version>.zip` or `<id>-<version>.<os>_<arch>.zip`). */
  zip: string;
  registry: string;
  token: string;
  /** certification.json to send; default: the one beside the zip, else the one inside it. */
  certification?: string;
  /** Project folder whose package.json has `dsforge.createdAt` / `dsforge.issuesUrl`. */
  packageDir?: string;
}

/**
 * Collects every package of the version next to `zip` (the any zip and all platform zips,
 * each with its `.sig`), the certification and the project metadata into one publish bundle,
 * uploads it, and returns the registry's answer. Throws `RegistryClientError` with the
 * registry's reason when it refuses.
 */
export async function publishPackage(opts: PublishOptions): Promise<PublishResult> {
  const zipPath = resolve(opts.zip);
  if (!existsSync(zipPath))
    throw new RegistryClientError(`${opts.zip} does not exist; run \`dsforge package\` first`);
  const m = /^(.+?)(\.[a-z0-9]+_[a-z0-9]+)?\.zip$/.exec(basename(zipPath));
  if (!m) throw new RegistryClientError(`${opts.zip} is not a .zip made by \`dsforge package\``);
  const stem = m[1]!;
  const dir = dirname(zipPath);
  const zips = (await readdir(dir)).filter(
    (f) => f === `${stem}.zip` || new RegExp(`^${escapeRe(stem)}\\.[a-z0-9]+_[a-z0-9]+\\.zip$`).test(f),
  );
  const files: BundleInput = {};
  for (const z of zips.sort()) {
    const sig = join(dir, `${z}.sig`);
    if (!existsSync(sig)) {
      throw new RegistryClientError(
        `${z} has no company signature (${z}.sig); run \`dsforge sign ${join(dir, z)}\``,
      );
    }
    files[z] = { path: join(dir, z) };
    files[`${z}.sig`] = { path: sig };
  }
  const cert = opts.certification ?? join(dir, 'certification.json');
  if (existsSync(cert)) files['certification.json'] = { path: cert };
  else if (opts.certification) throw new RegistryClientError(`${opts.certification} does not exist`);
  const meta = await projectMetadata(opts.packageDir ? resolve(opts.packageDir) : dir, !opts.packageDir);
  if (meta) files['metadata.json'] = { content: JSON.stringify(meta) };

  const bundle = join(dir, `.${stem}.publish-bundle.zip`);
  await writeBundle(bundle, files);
  try {
    const { status, body } = await uploadFile(`${registryBase(opts.registry)}/api/publish`, bundle, {
      'content-type': BUNDLE_CONTENT_TYPE,
      authorization: `Bearer ${opts.token}`,
    });
    if (status !== 201)
      throw new RegistryClientError(
        `registry refused the upload (${status}): ${String(body.message)}`,
        status,
      );
    return body as unknown as PublishResult;
  } finally {
    await rm(bundle, { force: true });
  }
}

/**
 * `dsforge.createdAt` and `dsforge.issuesUrl` from the project's package.json: in `start`, or
 * (when `searchUp`) the nearest of up to three parent folders (zips usually sit in `<project>/dist`).
 */
async function projectMetadata(
  start: string,
  searchUp: boolean,
): Promise<Record<string, string> | undefined> {
  let d = start;
  for (let i = 0; i < (searchUp ? 4 : 1); i++, d = dirname(d)) {
    const p = join(d, 'package.json');
    if (!existsSync(p)) continue;
    const pkg = JSON.parse(await readFile(p, 'utf8')) as {
      dsforge?: { createdAt?: unknown; issuesUrl?: unknown };
    };
    const out: Record<string, string> = {};
    if (typeof pkg.dsforge?.createdAt === 'string') out.createdAt = pkg.dsforge.createdAt;
    if (typeof pkg.dsforge?.issuesUrl === 'string') out.issuesUrl = pkg.dsforge.issuesUrl;
    return out;
  }
  return undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
