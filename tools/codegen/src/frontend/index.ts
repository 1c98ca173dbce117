/**
 * The frontend part of `dsforge build`: `src/module.ts(x)` → `dist/module.js` (AMD, Grafana's
 * shared modules external), and a loader that runs a built module.js against real Grafana
 * packages (tests, certification).
 * @module
 */
import { stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

import { buildFrontendBundle, findFrontendEntry } from './build-frontend';
import { copyPluginAssets } from './plugin-assets';

export { buildFrontendBundle, findFrontendEntry, FRONTEND_ENTRIES } from './build-frontend';
export type { FrontendBuild, FrontendBuildOptions } from './build-frontend';
export { isShared, SHARED_MODULES, SHARED_PREFIXES } from './externals';
export { copyPluginAssets } from './plugin-assets';

/** `1.4 MB` / `12.0 kB` / `512 B`. */
function size(n: number): string {
  return n < 1000 ? `${n} B` : n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(2)} MB`;
}

/**
 * The `dsforge build` step: builds the frontend when the package has `src/module.ts(x)` and
 * copies the files plugin.json references, printing size and build time. Without an entry it only
 * reports whether a module.js is already in `outDir`.
 */
export async function runFrontendBuild(
  packageDir: string,
  outDir: string,
  log: (line: string) => void,
): Promise<{ moduleJs: boolean }> {
  if (!(await findFrontendEntry(packageDir))) {
    const present = await stat(join(outDir, 'module.js')).then(
      () => true,
      () => false,
    );
    return { moduleJs: present };
  }
  const r = await buildFrontendBundle({ packageDir, outDir });
  const fromCwd = relative(process.cwd(), r.moduleJs);
  const shown = fromCwd.startsWith('..') ? r.moduleJs : fromCwd;
  log(`  ${shown} built (${size(r.bytes)}, ${(r.ms / 1000).toFixed(1)} s)`);
  for (const w of r.warnings) log(`  warning: ${w}`);
  const copied = await copyPluginAssets(packageDir, outDir);
  if (copied.length) log(`  copied ${copied.join(', ')}`);
  return { moduleJs: true };
}
