// Loads a generated package's own module.js in the host page (headless Chromium) and screenshots
// its editors.
//
//   node packages/ui/gallery/generated/screenshot.mjs              # → gallery/screenshots/generated-<name>-*.png
//   node packages/ui/gallery/generated/screenshot.mjs --out DIR    # PNGs into DIR
//   node packages/ui/gallery/generated/screenshot.mjs --check      # DOM check only
//   ... --package packages/<pkg>   another generated package
//   ... --module path/module.js    an already built module.js instead of a fresh build
// The last stdout line is the JSON report: {ok, plugin, views: {id: rendered}, errors: {id: text}}.
// `--dom DIR` also saves each view's DOM (DIR/<view>.html) for tests to query.
// Exit codes: 0 ok, 1 a view failed, 3 no browser.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, findChromium, serve } from '../screenshot.mjs';
import { buildGeneratedGallery, DEFAULT_PACKAGE } from './build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Views of host.tsx, one screenshot each. */
export const VIEWS = ['config', 'query', 'query-operations'];

/** Screenshot height per view: the editor and little empty page under it. */
const HEIGHT = { config: 1150, query: 640, 'query-operations': 640 };

/** `acme-orders-datasource` → `acme-orders` (the screenshot file prefix). */
export function shortName(pluginId) {
  return pluginId.replace(/-datasource$/, '');
}

function option(args, name) {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : undefined;
}

/** Loads each view; reports whether it rendered and what errors the page collected. */
async function checkViews(browser, baseUrl, domDir) {
  const report = { ok: true, views: {}, errors: {} };
  for (const id of VIEWS) {
    const dom = await chromium(browser, `${baseUrl}#${id}`, ['--dump-dom']);
    if (domDir) await writeFile(path.join(domDir, `${id}.html`), dom);
    const rendered = dom.includes(`data-gallery-rendered="${id}"`);
    const errs = (
      /<div id="gallery-errors"[^>]*>([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? 'no #gallery-errors'
    ).trim();
    report.views[id] = rendered;
    if (errs !== '') report.errors[id] = errs;
    if (!rendered || errs !== '') report.ok = false;
  }
  return report;
}

async function main() {
  const args = process.argv.slice(2);
  const browser = findChromium();
  if (!browser) {
    console.error('No Chromium found: `apt-get install -y chromium` (Debian) or set CHROMIUM=<path>.');
    process.exit(3);
  }
  const outDir = option(args, '--out') ?? path.join(here, '../screenshots');
  const domDir = option(args, '--dom');
  // Its own folder per run: the main gallery's test builds gallery/dist at the same time.
  const dist = await mkdtemp(path.join(tmpdir(), 'dsforge-generated-gallery-'));
  try {
    const { plugin } = await buildGeneratedGallery({
      packageDir: option(args, '--package') ?? DEFAULT_PACKAGE,
      outdir: dist,
      moduleJs: option(args, '--module'),
    });
    const server = await serve(dist);
    try {
      if (domDir) await mkdir(domDir, { recursive: true });
      const report = { plugin: plugin.id, ...(await checkViews(browser, server.url, domDir)) };
      if (!args.includes('--check')) {
        await mkdir(outDir, { recursive: true });
        for (const id of VIEWS) {
          const file = path.join(outDir, `generated-${shortName(plugin.id)}-${id}.png`);
          // A later --window-size wins over the 1280x2000 default of chromium().
          await chromium(browser, `${server.url}#${id}`, [
            `--window-size=1280,${HEIGHT[id]}`,
            `--screenshot=${file}`,
          ]);
          console.log(path.relative(process.cwd(), file));
        }
      }
      console.log(JSON.stringify(report));
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      await server.close();
    }
  } finally {
    await rm(dist, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
