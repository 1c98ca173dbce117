// `node scripts/compat.mjs`: the compatibility job. Checks @dsforge/ui (packages/ui) against
// @grafana/* 13.2.2 + React 19 — what Grafana 13.2+ shares with plugins at runtime — using the
// dependency set of compat/grafana-13 (the UI's own devDependencies stay 12.4.10 + React 18.3.1).
//   1. typecheck: tsc -p compat/grafana-13/tsconfig.json (packages/ui src, test, gallery)
//   2. resolution: the program tsc checked contains the 13.2.2 / React 19 types and none of the
//      12.4.10 / React 18 ones (so a clean typecheck cannot come from the wrong copies)
//   3. jest -c compat/grafana-13/jest.config.js: packages/ui's tests + compat/grafana-13/test
//      (which asserts React 19 and @grafana/* 13.2.2 inside the run)
// Each of 1 and 2 counts as one check, each jest test as one. The last line is
// `compat: N passed, M failed`; the exit code is non-zero on any failure.
// Arguments: `typecheck` and/or `jest` to run only those stages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compatDir = join(root, 'compat/grafana-13');
const cache = join(root, '.cache');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

let passed = 0;
let failed = 0;
const problems = [];

function check(ok, problem) {
  if (ok) passed++;
  else {
    failed++;
    problems.push(problem);
  }
}

const seconds = (started) => `${((Date.now() - started) / 1000).toFixed(1)}s`;

if (!existsSync(join(compatDir, 'node_modules/@grafana/ui'))) {
  console.log(
    'compat: compat/grafana-13/node_modules is missing; run `pnpm install` at the repository root first',
  );
  console.log('compat: 0 passed, 1 failed');
  process.exit(1);
}

if (want('typecheck')) {
  const started = Date.now();
  console.log('\n=== typecheck packages/ui against @grafana/* 13.2.2 + React 19');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(compatDir, 'tsconfig.json'),
      '--listFiles',
      '--pretty',
      'false',
    ],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const lines = (r.stdout ?? '').split('\n');
  const files = lines.filter((l) => l.startsWith('/'));
  const errors = lines.filter((l) => /error TS\d+/.test(l));
  for (const e of errors) console.log(e.startsWith(root) ? e.slice(root.length) : e);
  if (r.stderr) process.stderr.write(r.stderr);
  const ok = r.status === 0 && errors.length === 0;
  check(ok, `typecheck: ${errors.length} error(s) (tsc exit ${r.status})`);
  console.log(`=== typecheck: ${ok ? 'ok' : `${errors.length} error(s)`} in ${seconds(started)}`);

  // Which copies the program was built from: the store paths name package and version.
  // (@grafana/i18n is not required: neither the UI nor @grafana/ui's types import it.)
  const wanted = [
    '/@grafana+data@13.2.2',
    '/@grafana+ui@13.2.2',
    '/@grafana+runtime@13.2.2',
    '/@grafana+schema@13.2.2',
    '/@types+react@19.',
    '/@types+react-dom@19.',
  ];
  const unwanted = /\/(@grafana\+(data|ui|runtime|schema|i18n)@12\.|@types\+react(-dom)?@18\.)/;
  const missing = wanted.filter((w) => !files.some((f) => f.includes(w)));
  const stray = [...new Set(files.filter((f) => unwanted.test(f)).map((f) => f.match(unwanted)[1]))];
  check(
    files.length > 0 && missing.length === 0 && stray.length === 0,
    `resolution: ${files.length === 0 ? 'tsc listed no files' : ''}${missing.length ? `missing ${missing.join(', ')}` : ''}${stray.length ? ` baseline copies in the program: ${stray.join(', ')}` : ''}`,
  );
  console.log(
    `=== resolution: ${files.length} files; 13.2.2/React 19 types ${missing.length === 0 ? 'present' : `missing: ${missing.join(', ')}`}; baseline 12.4.10/React 18 types ${stray.length === 0 ? 'absent' : `present: ${stray.join(', ')}`}`,
  );
}

if (want('jest')) {
  const started = Date.now();
  mkdirSync(cache, { recursive: true });
  const out = join(cache, 'compat-jest-results.json');
  console.log('\n=== jest packages/ui under @grafana/* 13.2.2 + React 19');
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/jest/bin/jest.js'),
      '-c',
      join(compatDir, 'jest.config.js'),
      '--ci',
      '--json',
      `--outputFile=${out}`,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (existsSync(out) && r.status !== null) {
    const results = JSON.parse(readFileSync(out, 'utf8'));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    if (results.numRuntimeErrorTestSuites > 0) {
      failed += results.numRuntimeErrorTestSuites;
      problems.push(`${results.numRuntimeErrorTestSuites} jest suite(s) failed to run`);
    }
    if (results.numTotalTests === 0) {
      failed++;
      problems.push('jest found no tests');
    }
    console.log(
      `=== jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed in ${results.numTotalTestSuites} suites, ${seconds(started)}`,
    );
  } else {
    failed++;
    problems.push(`jest wrote no results (exit ${r.status ?? r.signal})`);
  }
}

for (const p of problems) console.log(`problem: ${p}`);
console.log(`compat: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
