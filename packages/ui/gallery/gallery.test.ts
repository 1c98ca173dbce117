// Builds the gallery and loads every section in headless Chromium: each must render without
// errors, and each gets a screenshot (into a temp folder; the committed screenshots are made
// with `node packages/ui/gallery/screenshot.mjs`). Skipped when Chromium is not installed —
// Debian package `chromium` (CI installs it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const chromium = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
const SECTIONS = [
  'config-editor',
  'auth-providers',
  'auth-providers-more',
  'query-builder',
  'query-code',
  'error-display',
  'health-details',
];

if (!chromium) {
  console.warn('gallery test skipped: no Chromium (apt-get install -y chromium, or set CHROMIUM=<path>)');
}
const maybe = chromium ? it : it.skip;

describe('gallery in headless Chromium', () => {
  maybe(
    'renders every editor without errors and screenshots each section',
    () => {
      const out = mkdtempSync(path.join(tmpdir(), 'dsforge-shots-'));
      try {
        const run = spawnSync(process.execPath, [path.join(__dirname, 'screenshot.mjs'), '--out', out], {
          encoding: 'utf8',
          env: { ...process.env, CHROMIUM: chromium },
        });
        const lines = run.stdout.trim().split('\n');
        const report = JSON.parse(lines[lines.length - 1] ?? '{}') as {
          ok: boolean;
          sections: Record<string, boolean>;
          errors: Record<string, string>;
        };
        expect(report.errors).toEqual({});
        expect(report.sections).toEqual(Object.fromEntries(SECTIONS.map((s) => [s, true])));
        expect(run.status).toBe(0);
        for (const s of SECTIONS) {
          const png = readFileSync(path.join(out, `${s}.png`));
          expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
          expect(png.length).toBeGreaterThan(10_000);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    240_000,
  );
});
