// Bundles the gallery page (gallery/main.tsx + index.html) into gallery/dist with esbuild.
// React and @grafana/ui are bundled in for this static page only; the library itself leaves
// them to the plugin's bundler (and Grafana provides them at runtime).
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Bundles the page script `entry` into `<outdir>/<name>.js` (+ .css) with React and @grafana/*
 * inside, production mode; `define` adds compile-time constants.
 */
export async function bundlePage(entry, outdir, name, define = {}) {
  await build({
    entryPoints: { [name]: entry },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis', ...define },
    loader: {
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.woff': 'empty',
      '.woff2': 'empty',
      '.ttf': 'empty',
      '.eot': 'empty',
    },
  });
}

/** @grafana/ui icons load their SVGs at runtime from public/build/img/icons/ (Grafana serves them). */
export async function copyIcons(outdir) {
  const uiRoot = path.dirname(createRequire(path.join(here, 'x.js')).resolve('@grafana/ui/package.json'));
  await cp(path.join(uiRoot, 'dist/public/img/icons'), path.join(outdir, 'public/build/img/icons'), {
    recursive: true,
  });
}

/** Builds the gallery into `outdir` (default gallery/dist) and returns that directory. */
export async function buildGallery(outdir = path.join(here, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await bundlePage(path.join(here, 'main.tsx'), outdir, 'gallery');
  await copyFile(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
  await copyIcons(outdir);
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildGallery(process.argv[2]);
  console.log(`gallery built in ${out}`);
}
