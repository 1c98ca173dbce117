// Bundles the gallery page (gallery/main.tsx + index.html) into gallery/dist with esbuild.
// React and @grafana/ui are bundled in for this static page only; the library itself leaves
// them to the plugin's bundler (and Grafana provides them at runtime).
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Builds the gallery into `outdir` (default gallery/dist) and returns that directory. */
export async function buildGallery(outdir = path.join(here, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { gallery: path.join(here, 'main.tsx') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: {
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.woff': 'empty',
      '.woff2': 'empty',
      '.ttf': 'empty',
      '.eot': 'empty',
    },
  });
  await copyFile(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
  // @grafana/ui icons load their SVGs at runtime from public/build/img/icons/ (Grafana serves them).
  const uiRoot = path.dirname(createRequire(path.join(here, 'x.js')).resolve('@grafana/ui/package.json'));
  await cp(path.join(uiRoot, 'dist/public/img/icons'), path.join(outdir, 'public/build/img/icons'), {
    recursive: true,
  });
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildGallery(process.argv[2]);
  console.log(`gallery built in ${out}`);
}
