// Builds the gallery, serves it on 127.0.0.1 and drives headless Debian Chromium over it.
//
//   node packages/ui/gallery/screenshot.mjs              # check, then a PNG per section → gallery/screenshots/
//   node packages/ui/gallery/screenshot.mjs --out DIR    # same, PNGs into DIR
//   node packages/ui/gallery/screenshot.mjs --check      # DOM check only
// The last stdout line is the check's JSON report: {ok, sections: {id: rendered}, errors: {id: text}}.
//
// Needs /usr/bin/chromium (Debian: `apt-get install -y chromium`) or CHROMIUM=<path>.
// Exit codes: 0 ok, 1 a section failed to render, 3 no browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildGallery } from './build.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Gallery sections, one screenshot each (ids match gallery/main.tsx). */
export const SECTIONS = [
  'config-editor',
  'auth-providers',
  'auth-providers-more',
  'query-builder',
  'query-code',
  'error-display',
  'health-details',
];

/** The browser to use, or undefined when none is installed. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves `dir` on 127.0.0.1 (a free port); resolves to { url, close }. */
export function serve(dir) {
  const server = createServer(async (req, res) => {
    const name =
      decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, path.normalize(name));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res
        .writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Runs Chromium headless with `extra` flags on `url`; resolves to its stdout. */
export async function chromium(browser, url, extra) {
  const profile = await mkdtemp(path.join(tmpdir(), 'dsforge-gallery-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    '--window-size=1280,2000',
    // Lets the page's scripts and effects finish before the dump/screenshot, without a wall-clock wait.
    '--virtual-time-budget=10000',
    ...extra,
    url,
  ];
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(browser, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(out);
        else reject(new Error(`chromium exited with ${code}: ${err.slice(-2000)}`));
      });
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Loads each section and reports whether it rendered and what errors the page collected. */
export async function checkSections(browser, baseUrl, sections = SECTIONS) {
  const report = { ok: true, sections: {}, errors: {} };
  for (const id of sections) {
    const dom = await chromium(browser, `${baseUrl}#${id}`, ['--dump-dom']);
    const rendered = dom.includes(`data-gallery-rendered="${id}"`);
    const errs =
      /<div id="gallery-errors"[^>]*>([\s\S]*?)<\/div>/.exec(dom)?.[1] ?? 'gallery-errors element missing';
    report.sections[id] = rendered;
    if (errs.trim() !== '') report.errors[id] = errs.trim();
    if (!rendered || errs.trim() !== '') report.ok = false;
  }
  return report;
}

/** Saves `<outDir>/<section>.png` for each section; resolves to the file paths. */
export async function screenshotSections(browser, baseUrl, outDir, sections = SECTIONS) {
  const files = [];
  for (const id of sections) {
    const file = path.join(outDir, `${id}.png`);
    await chromium(browser, `${baseUrl}#${id}`, [`--screenshot=${file}`]);
    files.push(file);
  }
  return files;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const outIdx = args.indexOf('--out');
  const outDir =
    outIdx >= 0 && args[outIdx + 1] ? path.resolve(args[outIdx + 1]) : path.join(here, 'screenshots');
  const browser = findChromium();
  if (!browser) {
    console.error(
      'No Chromium found: install it with `apt-get install -y chromium` (Debian) or set CHROMIUM=<path>.',
    );
    process.exit(3);
  }
  const dist = await buildGallery();
  const server = await serve(dist);
  try {
    const report = await checkSections(browser, server.url);
    if (!check) {
      await mkdir(outDir, { recursive: true });
      const files = await screenshotSections(browser, server.url, outDir);
      for (const f of files) console.log(path.relative(process.cwd(), f));
    }
    console.log(JSON.stringify(report));
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
