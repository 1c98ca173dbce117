import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { rejected } from '../errors';
import { eachEntry, extractEntry, openZip } from './zip-read';

/**
 * The publish upload is one uncompressed "bundle" zip (content type
 * `application/vnd.dsforge.publish+zip`) holding flat files:
 *
 * - `<id>-<version>.zip` and/or `<id>-<version>.<os>_<arch>.zip` — the plugin packages;
 * - `<package>.zip.sig` — the company's detached armored OpenPGP signature for each package;
 * - `certification.json` — the certifier-signed test report;
 * - `metadata.json` (optional) — `{ createdAt?, issuesUrl? }` from the project's package.json.
 *
 * One streamed request body means the size limit is counted in one place and no multipart
 * parser is needed; the packages are stored, not recompressed.
 */
export const BUNDLE_CONTENT_TYPE = 'application/vnd.dsforge.publish+zip';

export interface BundleContents {
  packages: { fileName: string; path: string; signature: string | undefined }[];
  certification: string | undefined;
  metadata: { createdAt?: string; issuesUrl?: string };
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_SMALL = 4 * 1024 * 1024;

/** Extracts a bundle into `dir` (which must exist and be empty), validating its shape. */
export async function extractBundle(bundlePath: string, dir: string): Promise<BundleContents> {
  let zip;
  try {
    zip = await openZip(bundlePath);
  } catch (err) {
    throw rejected(
      'bad_bundle',
      `the upload is not a readable publish bundle (zip): ${(err as Error).message}`,
    );
  }
  const small: Record<string, string> = {};
  const zips: string[] = [];
  const seen = new Set<string>();
  try {
    await eachEntry(zip, async (entry, read) => {
      const name = entry.fileName;
      if (name.endsWith('/'))
        throw rejected('bad_bundle', `the bundle must hold flat files; found folder "${name}"`);
      if (!SAFE_NAME.test(name))
        throw rejected('bad_bundle', `bundle entry "${name}" is not a plain file name`);
      if (seen.has(name)) throw rejected('bad_bundle', `bundle entry "${name}" appears twice`);
      seen.add(name);
      if (name.endsWith('.zip')) {
        zips.push(name);
        await extractEntry(await read(), join(dir, name));
      } else if (name.endsWith('.zip.sig') || name === 'certification.json' || name === 'metadata.json') {
        if (entry.uncompressedSize > MAX_SMALL)
          throw rejected('bad_bundle', `bundle entry "${name}" is too large`);
        const chunks: Buffer[] = [];
        for await (const c of (await read()) as AsyncIterable<Buffer>) chunks.push(c);
        small[name] = Buffer.concat(chunks).toString('utf8');
      } else {
        throw rejected(
          'bad_bundle',
          `unexpected bundle entry "${name}"; a bundle holds only package zips, their .sig files, certification.json and metadata.json`,
        );
      }
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'bad_bundle') throw err;
    throw rejected('bad_bundle', `the publish bundle is damaged: ${(err as Error).message}`);
  }
  let metadata: BundleContents['metadata'] = {};
  if (small['metadata.json']) {
    try {
      metadata = JSON.parse(small['metadata.json']) as BundleContents['metadata'];
    } catch {
      throw rejected('bad_bundle', 'metadata.json in the bundle is not valid JSON');
    }
  }
  return {
    packages: zips.map((fileName) => ({
      fileName,
      path: join(dir, fileName),
      signature: small[`${fileName}.sig`],
    })),
    certification: small['certification.json'],
    metadata,
  };
}

/** Files to put in a bundle: name in the bundle → file path on disk (or literal content). */
export type BundleInput = Record<string, { path: string } | { content: string }>;

/** Writes a bundle zip (entries stored uncompressed). */
export async function writeBundle(out: string, files: BundleInput): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, src] of Object.entries(files)) {
    if ('path' in src) zip.addFile(src.path, name, { compress: false });
    else zip.addBuffer(Buffer.from(src.content), name, { compress: false });
  }
  zip.end();
  const ws = createWriteStream(out);
  zip.outputStream.pipe(ws);
  await finished(ws);
}
