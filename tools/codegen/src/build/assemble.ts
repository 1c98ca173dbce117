import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFrontendBuild } from '../frontend';
import type { PackageConfig } from './package-config';
import { renderPluginJson, type PluginJson } from './plugin-json';
import type { Target } from './targets';

/** Files copied into the dist folder when the package has them (first match wins). */
const EXTRAS: { name: string; from: string[] }[] = [
  { name: 'README.md', from: ['README.md', 'src/README.md'] },
  { name: 'CHANGELOG.md', from: ['CHANGELOG.md', 'src/CHANGELOG.md'] },
  { name: 'LICENSE', from: ['LICENSE', 'LICENSE.md', 'src/LICENSE'] },
  { name: 'img', from: ['src/img', 'img'] },
];

/** The dist-folder path of the backend executable for `target`. */
export function executablePath(outDir: string, plugin: PluginJson, target: Target): string {
  return join(outDir, plugin.executable + target.fileSuffix);
}

/**
 * Hook for the frontend bundle: when the package has `src/module.ts(x)`, builds `module.js` with
 * webpack (see `../frontend`) and prints its size and build time; otherwise reports whether a
 * module.js is already in the dist folder.
 */
export async function buildFrontend(
  packageDir: string,
  outDir: string,
  log: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Promise<{ moduleJs: boolean }> {
  return runFrontendBuild(packageDir, outDir, log);
}

/**
 * Writes everything except the executables into `outDir`: plugin.json (placeholders filled in)
 * and README/CHANGELOG/LICENSE/img when the package has them. Returns the names written.
 */
export async function assembleDist(
  packageDir: string,
  outDir: string,
  plugin: PluginJson,
  pkg: PackageConfig,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'plugin.json'), renderPluginJson(plugin, pkg.version));
  const written = ['plugin.json'];
  for (const extra of EXTRAS) {
    for (const rel of extra.from) {
      const src = join(packageDir, rel);
      if (
        !(await stat(src).then(
          () => true,
          () => false,
        ))
      )
        continue;
      await cp(src, join(outDir, extra.name), { recursive: true, force: true });
      written.push(extra.name);
      break;
    }
  }
  return written;
}
