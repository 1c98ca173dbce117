// Builds the generated-plugin gallery: a generated package's module.js served where Grafana
// serves it (public/plugins/<id>/module.js) next to a host page (host.tsx) that loads it.
//
//   node packages/ui/gallery/generated/build.mjs [packageDir] [outdir] [--module path/to/module.js]
//
// Without --module, module.js is built fresh from the package's src/ with the frontend step of
// `dsforge build` (tools/codegen/src/frontend/build-cli.ts: same webpack config, a few seconds),
// so the page never shows a stale dist/module.js.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { bundlePage, copyIcons } from '../build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../../..');

/** The package the gallery shows by default. */
export const DEFAULT_PACKAGE = path.join(repo, 'packages/acme-orders-datasource');

/** Builds `<packageDir>/src/module.ts` into `<outDir>/module.js` with dsforge's frontend build. */
export async function buildPluginModule(packageDir, outDir) {
  const codegen = path.join(repo, 'tools/codegen');
  const tsx = createRequire(path.join(codegen, 'package.json')).resolve('tsx/cli');
  const cli = path.join(codegen, 'src/frontend/build-cli.ts');
  await promisify(execFile)(process.execPath, [tsx, cli, packageDir, outDir], { maxBuffer: 16 << 20 });
  return path.join(outDir, 'module.js');
}

/**
 * Builds the page into `outdir` for the package at `packageDir` and returns
 * `{ outdir, plugin: { id, name, moduleUrl } }`. `moduleJs` uses an already built file instead.
 */
export async function buildGeneratedGallery({ packageDir = DEFAULT_PACKAGE, outdir, moduleJs } = {}) {
  const out = outdir ?? path.join(here, '../dist/generated');
  const pluginJson = JSON.parse(await readFile(path.join(packageDir, 'src/plugin.json'), 'utf8'));
  const plugin = {
    id: pluginJson.id,
    name: pluginJson.name,
    moduleUrl: `public/plugins/${pluginJson.id}/module.js`,
  };
  const moduleDir = path.join(out, path.dirname(plugin.moduleUrl));
  await mkdir(moduleDir, { recursive: true });
  if (moduleJs) {
    await copyFile(moduleJs, path.join(moduleDir, 'module.js'));
    const map = `${moduleJs}.map`;
    if (await stat(map).catch(() => false)) await copyFile(map, path.join(moduleDir, 'module.js.map'));
  } else {
    await buildPluginModule(packageDir, moduleDir);
  }
  await bundlePage(path.join(here, 'host.tsx'), out, 'host', { GALLERY_PLUGIN: JSON.stringify(plugin) });
  await copyFile(path.join(here, 'index.html'), path.join(out, 'index.html'));
  await copyIcons(out);
  return { outdir: out, plugin };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const m = args.indexOf('--module');
  const moduleJs = m >= 0 ? path.resolve(args.splice(m, 2)[1]) : undefined;
  const [pkg, out] = args;
  const r = await buildGeneratedGallery({
    packageDir: pkg ? path.resolve(pkg) : undefined,
    outdir: out ? path.resolve(out) : undefined,
    moduleJs,
  });
  console.log(`generated-plugin gallery for ${r.plugin.id} built in ${r.outdir}`);
}
