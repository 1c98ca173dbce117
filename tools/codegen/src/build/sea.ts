import { execFile } from 'node:child_process';
import { copyFile, chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { hashOf } from './cache';
import { BuildError, explain } from './errors';
import { NODE_VERSION } from './targets';

const run = promisify(execFile);

/** The fuse Node's SEA loader looks for; postject flips it to `:1` when it injects the blob. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** The ELF note / PE resource / Mach-O section Node reads the blob from. */
export const SEA_RESOURCE = 'NODE_SEA_BLOB';

/** The sea-config.json dsforge writes. No code cache or snapshot: they are tied to the host CPU,
 *  and without them one blob serves every platform of the same Node version. */
export function seaConfig(main: string, output: string) {
  return { main, output, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false };
}

/**
 * Returns the SEA blob for `bundle`, preparing it with `builderNode` (a Node 24.21.0 binary that
 * runs on this machine) unless a blob for the same bundle is already cached.
 */
export async function prepareBlob(
  bundle: Uint8Array,
  builderNode: string,
  cacheDir: string,
): Promise<{ blob: string; cached: boolean }> {
  const key = hashOf(bundle, NODE_VERSION, JSON.stringify(seaConfig('main.cjs', 'sea-prep.blob')));
  const dir = join(cacheDir, 'sea', key);
  const blob = join(dir, 'sea-prep.blob');
  if (
    await stat(blob).then(
      (s) => s.size > 0,
      () => false,
    )
  )
    return { blob, cached: true };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'main.cjs'), bundle);
  // Written under a temporary name so that an interrupted build never leaves a truncated blob.
  const partial = `sea-prep.${process.pid}.partial`;
  await writeFile(join(dir, 'sea-config.json'), JSON.stringify(seaConfig('main.cjs', partial), null, 2));
  try {
    await run(builderNode, ['--experimental-sea-config', 'sea-config.json'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new BuildError(
      `preparing the SEA blob with ${builderNode} failed: ${(e.stderr || e.message).trim()}`,
    );
  }
  await rename(join(dir, partial), blob);
  return { blob, cached: false };
}

/**
 * Writes `outFile` = the Node binary `runtime` with `blob` injected, mode 0755. Skips the work
 * when a stamp says the same inputs already produced the file that is there now.
 */
export async function writeExecutable(opts: {
  runtime: string;
  blob: string;
  outFile: string;
  targetName: string;
  cacheDir: string;
}): Promise<{ skipped: boolean }> {
  const blobBytes = await readFile(opts.blob);
  const inputs = hashOf(blobBytes, NODE_VERSION, opts.targetName, (await stat(opts.runtime)).size.toString());
  const stampFile = join(opts.cacheDir, 'stamps', `${hashOf(opts.outFile)}.json`);
  if (await stampMatches(stampFile, opts.outFile, inputs)) {
    await chmod(opts.outFile, 0o755);
    return { skipped: true };
  }
  const partial = join(dirname(opts.outFile), `.${basename(opts.outFile)}.partial`);
  await copyFile(opts.runtime, partial);
  await chmod(partial, 0o755);
  try {
    await explain(`injecting the SEA blob into ${basename(opts.outFile)}`, () =>
      injectBlob(partial, opts.blob),
    );
    await rename(partial, opts.outFile);
  } finally {
    await rm(partial, { force: true });
  }
  await chmod(opts.outFile, 0o755);
  const info = await stat(opts.outFile);
  await mkdir(dirname(stampFile), { recursive: true });
  await writeFile(stampFile, JSON.stringify({ inputs, size: info.size, mtimeMs: info.mtimeMs }) + '\n');
  return { skipped: false };
}

async function stampMatches(stampFile: string, outFile: string, inputs: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(stampFile, 'utf8')) as {
      inputs: string;
      size: number;
      mtimeMs: number;
    };
    const info = await stat(outFile);
    return stamp.inputs === inputs && stamp.size === info.size && stamp.mtimeMs === info.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * Injects with postject's CLI in a child Node process: postject runs LIEF compiled to wasm, which
 * holds a few copies of the ~120 MB binary and prints parser warnings ("Can't find string offset
 * ...", "The signature seems corrupted!" for the signed node.exe). A child process keeps both out
 * of dsforge and frees the memory; its output is shown only when it fails. postject upper-cases PE
 * resource names itself; Mach-O additionally needs the `NODE_SEA` segment.
 */
async function injectBlob(executable: string, blobFile: string): Promise<void> {
  const cli = require.resolve('postject/dist/cli.js');
  const isMachO = (await readMagic(executable)) === 0xfeedfacf;
  const args = [
    cli,
    executable,
    SEA_RESOURCE,
    blobFile,
    '--sentinel-fuse',
    SEA_FUSE,
    ...(isMachO ? ['--macho-segment-name', 'NODE_SEA'] : []),
  ];
  try {
    await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stderr ?? ''}${e.stdout ?? ''}`
      .split('\n')
      .filter((l) => l && !l.startsWith('warning:'));
    throw new Error(output.slice(-5).join(' ') || e.message, { cause: err });
  }
}

async function readMagic(file: string): Promise<number> {
  const fh = await open(file, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.readUInt32LE(0);
  } finally {
    await fh.close();
  }
}
