// `pnpm test`: every test of the repo, in stages, each timed:
//   1. build the example plugin's packaged executables (the tests drive the real binaries)
//   2. jest (unit tests, in-process gRPC tests, packaged-binary tests through @dsforge/testing)
//   3. Go conformance: Grafana's own go-plugin + plugin SDK drive the packaged TS binary
//   4. Go conformance against the reference plugin built with the Go SDK (proves the checks hold)
// The last line is `tests: N passed, M failed`; the exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { certificationBlock } from './certification-block.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = join(root, '.cache');
mkdirSync(cache, { recursive: true });
const exampleBin = join(root, 'examples/example-datasource/dist/gpx_dsforge_example_linux_amd64');
const conformanceDir = join(root, 'tools/conformance');
const only = process.argv.slice(2);

let passed = 0;
let failed = 0;
const problems = [];

function run(label, cmd, args, opts = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    ...opts,
    env: { ...process.env, ...opts.env },
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${label}: ${r.status === 0 ? 'ok' : `exit ${r.status ?? r.signal}`} in ${secs}s`);
  return r.status === 0;
}

const want = (name) => only.length === 0 || only.includes(name);

if (want('build')) {
  if (
    !run('build example plugin', process.execPath, [
      'tools/codegen/bin/dsforge.cjs',
      'build',
      'examples/example-datasource',
    ])
  ) {
    problems.push('building examples/example-datasource failed');
  }
}

if (want('generated')) {
  // The committed generated packages must be exactly what create-datasource makes today.
  if (run('generated packages are up to date', process.execPath, ['scripts/check-generated.mjs'])) passed++;
  else {
    failed++;
    console.log(
      'generated packages differ from create-datasource output: run node scripts/check-generated.mjs --write',
    );
  }
}

if (want('jest')) {
  const out = join(cache, 'jest-results.json');
  run('jest', process.execPath, ['node_modules/jest/bin/jest.js', '--ci', '--json', `--outputFile=${out}`], {
    env: { DSFORGE_TEST_PLUGIN_BIN: exampleBin },
  });
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numRuntimeErrorTestSuites > 0) {
      failed += r.numRuntimeErrorTestSuites;
      problems.push(`${r.numRuntimeErrorTestSuites} jest suite(s) failed to run`);
    }
  } else problems.push('jest wrote no results');
}

/** Counts leaf tests (subtests, or tests without subtests) from `go test -json` output. */
function countGoTests(jsonLines) {
  const results = new Map();
  for (const line of jsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    const e = JSON.parse(line);
    if (e.Test && (e.Action === 'pass' || e.Action === 'fail' || e.Action === 'skip')) {
      results.set(`${e.Package}\t${e.Test}`, e.Action);
    }
    if (e.Action === 'output' && e.Output) process.stdout.write(e.Output);
  }
  const names = [...results.keys()];
  let p = 0;
  let f = 0;
  for (const [name, action] of results) {
    const isParent = names.some((n) => n !== name && n.startsWith(`${name}/`));
    if (isParent) continue;
    if (action === 'pass') p++;
    if (action === 'fail') f++;
  }
  return { p, f };
}

function goConformance(label, env) {
  const started = Date.now();
  console.log(`\n=== ${label}`);
  const r = spawnSync('go', ['test', '-count=1', '-json', './...'], {
    cwd: conformanceDir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const { p, f } = countGoTests(r.stdout ?? '');
  if (r.stderr) process.stderr.write(r.stderr);
  passed += p;
  failed += f;
  if (r.status !== 0 && f === 0) problems.push(`${label}: go test exited ${r.status} without a failing test`);
  console.log(`=== ${label}: ${p} passed, ${f} failed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (want('conformance') && existsSync(join(conformanceDir, 'go.mod'))) {
  goConformance('go conformance (TS example binary)', { DSFORGE_PLUGIN_BIN: exampleBin });
  if (
    run('build Go SDK reference plugin', 'go', ['build', '-o', 'bin/refplugin', './refplugin'], {
      cwd: conformanceDir,
    })
  ) {
    goConformance('go conformance (Go SDK reference plugin)', { DSFORGE_CONFORMANCE_REF: '1' });
  } else problems.push('building the Go SDK reference plugin failed');
}

/**
 * Why the README's certification block does not tell what `doc` (a fresh certification.json)
 * found — a missing block, or a check whose status or name differs — or undefined when it does.
 * Dates, seeds and hashes change every run and are not compared.
 */
function staleReadmeBlock(readmePath, doc) {
  if (!existsSync(readmePath)) return 'no README.md';
  const block = certificationBlock(readFileSync(readmePath, 'utf8'));
  if (!block) return 'no certification block';
  // The icons readme-status.ts writes per check status.
  const icon = { passed: '✅', failed: '❌', skipped: '⏭' };
  const claimed = block
    .split('\n')
    .filter((l) => /^- (✅|❌|⏭|❔) /.test(l))
    .map((l) => l.split(' — ')[0]);
  const found = [...(doc.results ?? [])]
    .sort((a, b) => Number(a.number) - Number(b.number))
    .map((r) => `- ${icon[r.status] ?? '❔'} ${r.number ?? '?'}. ${r.name ?? r.check}`);
  if (claimed.length === 0) return 'the certification block was never filled in';
  const diff =
    found.find((l, i) => claimed[i] !== l) ?? (claimed.length !== found.length ? 'check count' : '');
  return diff ? `the certification block is stale (this run: "${diff}")` : undefined;
}

if (want('certify')) {
  // Certification gate: every datasource package in the repo must pass `dsforge certify`.
  // Each check of each package counts as one test (skipped checks are not counted). READMEs are
  // left alone (`pnpm certify` rewrites their status blocks); instead each committed block must
  // claim what this run found, check by check.
  const t0 = Date.now();
  run('dsforge certify --all', process.execPath, [
    'tools/codegen/bin/dsforge.cjs',
    'certify',
    '--all',
    '--report',
    'md',
    '--no-readme',
  ]);
  let found = 0;
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, dir))) {
      const file = join(root, dir, name, 'dist', 'certification.json');
      if (!existsSync(file) || statSync(file).mtimeMs < t0) continue;
      found++;
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      const stale = staleReadmeBlock(join(root, dir, name, 'README.md'), doc);
      if (stale) {
        failed++;
        console.log(
          `certify: ${dir}/${name}/README.md: ${stale}; run \`pnpm certify\` and commit the README`,
        );
      } else passed++;
      for (const r of doc.results ?? []) {
        if (r.status === 'passed') passed++;
        else if (r.status === 'failed') {
          failed++;
          console.log(`certify: ${dir}/${name}: check ${r.number ?? ''} ${r.name ?? r.check} failed`);
        }
      }
    }
  }
  if (found === 0) problems.push('dsforge certify --all wrote no certification.json');
}

if (want('compat')) {
  // @dsforge/ui against Grafana 13.2.2 + React 19 (the baseline run above is 12.4.10 + React 18).
  const t0 = Date.now();
  console.log('\n=== compat: @dsforge/ui on @grafana/* 13.2.2 + React 19');
  const r = spawnSync(process.execPath, ['scripts/compat.mjs'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const m = /compat: (\d+) passed, (\d+) failed/.exec(r.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.status !== 0 && (!m || Number(m[2]) === 0)) problems.push(`compat job exited ${r.status}`);
  console.log(`=== compat: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

for (const p of problems) console.log(`problem: ${p}`);
console.log(`tests: ${passed} passed, ${failed + problems.length} failed`);
process.exit(failed > 0 || problems.length > 0 ? 1 : 0);
