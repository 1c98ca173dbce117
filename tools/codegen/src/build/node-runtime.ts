import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildError } from './errors';
import { extractTarMember } from './tar';
import { NODE_VERSION, type Target } from './targets';

/**
 * sha512 SRI of the npm tarballs `node-<platform>@24.21.0`, pinned from
 * `npm view node-<platform>@24.21.0 dist.integrity`. A download that does not match is rejected.
 */
export const NODE_INTEGRITY: Record<Target['nodePlatform'], string> = {
  'linux-x64':
    'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  'linux-arm64':
    'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
  'win-x64':
    'sha512-0ddSuAi9KnmYzfjJwKfFUO5YfljMVfa9smiGRQXmp5QGhm8KXk7xbqkFNeaPXVaL6sfZ5oGfCD7q8wWY/TnypA==',
};

/** Where a runtime lives in the cache, and the stamp written once it has been verified. */
export function runtimePaths(cacheDir: string, target: Pick<Target, 'nodePlatform' | 'binaryInTarball'>) {
  const dir = join(cacheDir, 'node', NODE_VERSION, target.nodePlatform);
  const binary = join(dir, target.binaryInTarball.endsWith('.exe') ? 'node.exe' : 'node');
  return { dir, binary, stamp: join(dir, 'verified.json') };
}

interface Stamp {
  integrity: string;
  size: number;
}

/** Options for {@link ensureNodeRuntime}. */
export interface RuntimeOptions {
  cacheDir: string;
  /** Never download: fail with instructions when the runtime is not cached. */
  offline?: boolean;
  /** Runs `npm pack <spec>` in a directory; injectable for tests. */
  npmPack?: (spec: string, cwd: string) => Promise<void>;
}

/**
 * Returns the path of the Node 24.21.0 binary for `target`, downloading it with `npm pack` into
 * the cache on first use and checking the tarball against the pinned sha512 before extracting.
 */
export async function ensureNodeRuntime(
  target: Target,
  opts: RuntimeOptions,
): Promise<{ binary: string; downloaded: boolean }> {
  const paths = runtimePaths(opts.cacheDir, target);
  const integrity = NODE_INTEGRITY[target.nodePlatform];
  if (await isCached(paths, integrity)) return { binary: paths.binary, downloaded: false };
  const spec = `node-${target.nodePlatform}@${NODE_VERSION}`;
  if (opts.offline) {
    throw new BuildError(
      `Node ${NODE_VERSION} for ${target.nodePlatform} is not in the cache (${paths.dir}) and --skip-runtime-download is set; ` +
        `run once without --skip-runtime-download while the npm registry is reachable (it runs \`npm pack ${spec}\`), or point DSFORGE_CACHE_DIR at a filled cache`,
    );
  }
  await mkdir(opts.cacheDir, { recursive: true });
  const work = await mkdtemp(join(opts.cacheDir, 'download-'));
  try {
    await (opts.npmPack ?? npmPack)(spec, work);
    const tgz = join(work, `node-${target.nodePlatform}-${NODE_VERSION}.tgz`);
    const actual = await sriOf(tgz).catch(() => {
      throw new BuildError(`\`npm pack ${spec}\` did not produce ${tgz}`);
    });
    if (actual !== integrity) {
      throw new BuildError(
        `the tarball of ${spec} does not match the pinned integrity (expected ${integrity}, got ${actual}); refusing to use it`,
      );
    }
    await mkdir(paths.dir, { recursive: true });
    const tmp = `${paths.binary}.partial`;
    const size = await extractTarMember(tgz, target.binaryInTarball, tmp);
    await chmod(tmp, 0o755);
    await rename(tmp, paths.binary);
    await writeFile(paths.stamp, JSON.stringify({ integrity, size } satisfies Stamp) + '\n');
    return { binary: paths.binary, downloaded: true };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function isCached(paths: ReturnType<typeof runtimePaths>, integrity: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(paths.stamp, 'utf8')) as Stamp;
    const info = await stat(paths.binary);
    return stamp.integrity === integrity && info.size === stamp.size;
  } catch {
    return false;
  }
}

/** `sha512-<base64>` of a file, the format of npm's `dist.integrity`. */
export async function sriOf(file: string): Promise<string> {
  const h = createHash('sha512');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return `sha512-${h.digest('base64')}`;
}

/** Runs `npm pack <spec>` (npm must be on PATH; it honours the user's .npmrc registry and proxy). */
function npmPack(spec: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const win = process.platform === 'win32';
    const child = spawn(win ? 'npm.cmd' : 'npm', ['pack', spec, '--silent'], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: win,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) =>
      reject(
        new BuildError(
          `could not run npm to download ${spec}: ${err.message}; install npm or fill the cache (see docs/packaging.md)`,
        ),
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BuildError(
            `\`npm pack ${spec}\` failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}; check the network or use a filled cache with --skip-runtime-download`,
          ),
        );
    });
  });
}
