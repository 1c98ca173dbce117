import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

import type { Configuration, Stats, WebpackError } from 'webpack';

import { BuildError } from '../build/errors';
import { explainNodeBuiltins } from './node-builtins';
import { frontendConfig } from './webpack-config';

/** Entry files `dsforge build` looks for, first match wins. */
export const FRONTEND_ENTRIES = ['src/module.ts', 'src/module.tsx', 'src/module.js', 'src/module.jsx'];

/** Options of {@link buildFrontendBundle}. */
export interface FrontendBuildOptions {
  packageDir: string;
  outDir: string;
  /** plugin.json `id`; read from `<packageDir>/src/plugin.json` when left out. */
  pluginId?: string;
}

/** What the frontend build wrote. */
export interface FrontendBuild {
  /** Absolute path of module.js. */
  moduleJs: string;
  bytes: number;
  /** Every file webpack emitted (module.js, module.js.map, chunks, assets), relative to outDir. */
  files: string[];
  warnings: string[];
  ms: number;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** The package's frontend entry (`src/module.ts(x)`), or undefined when it has none. */
export async function findFrontendEntry(packageDir: string): Promise<string | undefined> {
  for (const rel of FRONTEND_ENTRIES) {
    if (await exists(join(packageDir, rel))) return join(packageDir, rel);
  }
  return undefined;
}

async function readPluginId(packageDir: string): Promise<string> {
  const path = join(packageDir, 'src', 'plugin.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as { id?: unknown };
  if (typeof json.id !== 'string')
    throw new BuildError(`${path}: field "id" is missing; the frontend build needs it`);
  return json.id;
}

async function run(config: Configuration): Promise<Stats> {
  // Loaded on demand: a backend-only build never pays for webpack's start-up.
  const { default: webpack } = await import('webpack');
  return new Promise((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((err, stats) => {
      compiler.close(() =>
        err || !stats ? reject(err ?? new Error('webpack returned no stats')) : resolve(stats),
      );
    });
  });
}

/** `ERROR in ./src/x.ts 3:0-20` style text of a webpack error, without its stack. */
function describe(e: Error & Partial<Pick<WebpackError, 'module'>>, packageDir: string): string {
  const resource = (e.module as { resource?: string } | null | undefined)?.resource;
  const where = resource ? `${relative(packageDir, resource)}: ` : '';
  return (
    where +
    e.message
      .split('\n')
      .filter((l) => !/^\s+at /.test(l))
      .join('\n')
  );
}

/**
 * Builds `<outDir>/module.js` (+ `module.js.map`) from `src/module.ts(x)` the way create-plugin
 * does (webpack 5, swc, AMD library, Grafana's shared modules external), in production mode.
 * Throws a `BuildError` listing the compile errors; an import of a Node built-in gets a message
 * that says to move that code to the backend.
 */
export async function buildFrontendBundle(opts: FrontendBuildOptions): Promise<FrontendBuild> {
  const t0 = performance.now();
  const entry = await findFrontendEntry(opts.packageDir);
  if (!entry) {
    throw new BuildError(`${opts.packageDir} has no frontend entry: create src/module.ts exporting "plugin"`);
  }
  const pluginId = opts.pluginId ?? (await readPluginId(opts.packageDir));
  const stats = await run(
    frontendConfig({ packageDir: opts.packageDir, entry, outDir: opts.outDir, pluginId }),
  );
  const { compilation } = stats;
  const { builtinErrors, otherErrors } = explainNodeBuiltins(compilation, opts.packageDir);
  const errors = [...builtinErrors, ...otherErrors.map((e) => describe(e, opts.packageDir))];
  if (errors.length > 0) {
    throw new BuildError(
      `the frontend build of ${relative(process.cwd(), entry) || entry} failed:\n${errors.map((e) => `  - ${e.replace(/\n/g, '\n    ')}`).join('\n')}`,
    );
  }
  const moduleJs = join(opts.outDir, 'module.js');
  return {
    moduleJs,
    bytes: (await stat(moduleJs)).size,
    files: [...compilation.emittedAssets].sort(),
    warnings: compilation.warnings.map((w) => describe(w, opts.packageDir)),
    ms: performance.now() - t0,
  };
}
