import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { assembleDist, buildFrontend, executablePath } from './assemble';
import { bundleBackend } from './bundle-backend';
import { cacheRoot } from './cache';
import { BuildError } from './errors';
import { ensureNodeRuntime } from './node-runtime';
import { readPackageConfig } from './package-config';
import { readPluginJson } from './plugin-json';
import { prepareBlob, writeExecutable } from './sea';
import { ALL_TARGETS, NODE_VERSION, TARGETS, type Target } from './targets';

/** Options of `dsforge build`. */
export interface BuildOptions {
  packageDir: string;
  /** Defaults to `<packageDir>/dist`. */
  outDir?: string;
  /** Defaults to all of linux_amd64, linux_arm64, windows_amd64. */
  targets?: Target[];
  sourcemap?: boolean;
  /** Fail instead of running `npm pack` when a Node runtime is not cached. */
  offline?: boolean;
  cacheDir?: string;
  /** How many executables are written at once (default 2). */
  concurrency?: number;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** What a build produced, for the summary and for tests. */
export interface BuildResult {
  outDir: string;
  files: { path: string; bytes: number }[];
  executables: { target: Target; path: string; bytes: number; skipped: boolean }[];
  warnings: string[];
}

/**
 * Builds a Grafana-installable plugin folder: plugin.json + extras, and one self-contained Node
 * 24.21.0 single executable per target. Throws `BuildError` on any bad input.
 */
export async function buildPlugin(opts: BuildOptions): Promise<BuildResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const packageDir = resolve(opts.packageDir);
  if (
    !(await stat(packageDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    throw new BuildError(
      `package directory ${opts.packageDir} does not exist; pass the folder that holds package.json and src/plugin.json`,
    );
  }
  const outDir = resolve(opts.outDir ?? join(packageDir, 'dist'));
  const cacheDir = opts.cacheDir ?? cacheRoot();
  const targets = opts.targets ?? ALL_TARGETS.map((n) => TARGETS[n]);
  const timed = async <T>(label: (r: T) => string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const r = await fn();
    log(`  ${label(r)} (${fmtMs(performance.now() - t0)})`);
    return r;
  };

  const plugin = await readPluginJson(packageDir);
  const pkg = await readPackageConfig(packageDir);
  log(`dsforge build ${plugin.id} → ${rel(outDir)} [${targets.map((t) => t.name).join(', ')}]`);

  const bundle = await timed(
    (b) => `bundled ${rel(pkg.backendEntry)} (${fmtBytes(b.code.byteLength)})`,
    () => bundleBackend({ entry: pkg.backendEntry, workingDir: packageDir, sourcemap: opts.sourcemap }),
  );
  for (const w of bundle.warnings) log(`  warning: ${w}`);

  const builder = builderRuntime();
  const wanted = [...new Set([...targets, ...(builder.target ? [builder.target] : [])])];
  const runtimes = await timed(
    (r) =>
      `Node ${NODE_VERSION} for ${wanted.map((t) => t.nodePlatform).join(', ')} ${r.some((x) => x.downloaded) ? 'downloaded and verified' : 'from cache'}`,
    () => Promise.all(wanted.map((t) => ensureNodeRuntime(t, { cacheDir, offline: opts.offline }))),
  );
  const runtimeOf = (t: Target) => runtimes[wanted.indexOf(t)]!.binary;

  const builderNode = builder.target ? runtimeOf(builder.target) : builder.path;
  const { blob } = await timed(
    (b) => `SEA blob ${b.cached ? 'from cache' : 'prepared'}: ${b.blob}`,
    () => prepareBlob(bundle.code, builderNode, cacheDir),
  );
  const extras = await assembleDist(packageDir, outDir, plugin, pkg);

  // Two injections at a time: each is a child process holding a few copies of a ~120 MB binary,
  // and CI machines have 2 cores.
  const executables = await mapLimit(targets, opts.concurrency ?? 2, async (target) => {
    const path = executablePath(outDir, plugin, target);
    const { skipped } = await timed(
      (r) => `${rel(path)} ${r.skipped ? 'up to date' : 'written'}`,
      () =>
        writeExecutable({
          runtime: runtimeOf(target),
          blob,
          outFile: path,
          targetName: target.name,
          cacheDir,
        }),
    );
    return { target, path, bytes: (await stat(path)).size, skipped };
  });

  const frontend = await buildFrontend(packageDir, outDir);
  if (!frontend.moduleJs)
    log('  note: no module.js in the dist folder yet; the frontend build is not part of dsforge build');

  const files = await Promise.all(
    [...extras.map((n) => join(outDir, n)), ...executables.map((e) => e.path)].map(async (p) => ({
      path: p,
      bytes: (await stat(p)).size,
    })),
  );
  return { outDir, files, executables, warnings: bundle.warnings };
}

/**
 * The Node that prepares the SEA blob must run here and be exactly Node 24.21.0 (a blob is tied to
 * the Node version, not the platform): the cached runtime for this host, or the running Node when
 * it is 24.21.0 itself (e.g. on a Mac).
 */
function builderRuntime(): { target: Target; path?: undefined } | { target?: undefined; path: string } {
  const host = `${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const target = Object.values(TARGETS).find((x) => x.nodePlatform === host);
  if (target) return { target };
  if (process.version === `v${NODE_VERSION}`) return { path: process.execPath };
  throw new BuildError(
    `dsforge build prepares the SEA blob with Node ${NODE_VERSION}: on ${host} run dsforge with Node ${NODE_VERSION} (see docs/packaging.md)`,
  );
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Relative to the working directory when inside it, else absolute. */
function rel(p: string): string {
  const r = relative(process.cwd(), p);
  return r === '' ? '.' : r.startsWith('..') ? p : r;
}

/** `850 ms` / `3.2 s`. */
export function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `512 B` / `1.4 MB` (10^6). */
export function fmtBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1e6) return `${(n / 1e3).toFixed(1)} kB`;
  return `${(n / 1e6).toFixed(1)} MB`;
}
