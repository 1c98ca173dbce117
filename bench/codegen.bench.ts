/**
 * `create-datasource` end to end, per example schema: how long generation takes (the CLI as a
 * user runs it, Node start-up included) and how long the generated package takes to build
 * (`dsforge build --targets linux_amd64`: backend bundle + single executable, and frontend
 * module.js), from an empty dist/. Prints one JSON object:
 * {"name":"codegen","runs","examples":[{"example","spec","bytes","queries","generateMs",
 *  "generateColdMs","buildMs","backendBundleMs","backendExecutableMs","frontendMs","binaryBytes"}]}
 * Run: node --import tsx bench/codegen.bench.ts   (BENCH_RUNS, default 3 generations per spec)
 * The committed packages are built in place; the 1 MB spec, which has none, is generated into a
 * temporary folder under packages/ that borrows the orders package's installed dependencies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CREATE = join(ROOT, 'tools/codegen/bin/create-datasource.cjs');
const DSFORGE = join(ROOT, 'tools/codegen/bin/dsforge.cjs');
const INSTALLED = join(ROOT, 'packages/acme-orders-datasource/node_modules');

interface Example {
  example: string;
  id: string;
  spec: string;
  args: string[];
  /** A committed package under packages/ (built in place). */
  committed: boolean;
}

const EXAMPLES: Example[] = [
  {
    example: 'orders (OpenAPI 3.1)',
    id: 'acme-orders-datasource',
    spec: 'examples/schemas/orders.openapi.yaml',
    args: ['--openapi', 'examples/schemas/orders.openapi.yaml', '--name', 'Orders API'],
    committed: true,
  },
  {
    example: 'orders (GraphQL)',
    id: 'acme-ordersgraphql-datasource',
    spec: 'examples/schemas/orders.graphql',
    args: [
      '--graphql',
      'examples/schemas/orders.graphql',
      '--endpoint',
      'http://localhost:4000/graphql',
      '--name',
      'Orders GraphQL',
    ],
    committed: true,
  },
  {
    example: 'InfluxDB OSS v2',
    id: 'influxdb-oss-datasource',
    spec: 'examples/specs/influxdb-oss-v2.yml',
    args: ['--openapi', 'examples/specs/influxdb-oss-v2.yml', '--name', 'InfluxDB OSS'],
    committed: true,
  },
  {
    example: 'large spec (1 MB)',
    id: 'acme-large-datasource',
    spec: 'examples/schemas/large/large-spec.json',
    args: ['--openapi', 'examples/schemas/large/large-spec.json', '--name', 'Large API'],
    committed: false,
  },
];

function run(args: string[]): { ms: number; out: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0)
    throw new Error(`${args.slice(0, 2).join(' ')} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return { ms, out: `${r.stdout}\n${r.stderr}` };
}

/** Generates `ex` into a fresh folder under packages/ (removed by the caller); returns the package dir. */
function generate(ex: Example): { ms: number; out: string; dir: string; queries: number } {
  const out = mkdtempSync(join(ROOT, 'packages', '.tmp-bench-'));
  const r = run([CREATE, ...ex.args, '--id', ex.id, '--out', out, '--json']);
  const summary = JSON.parse(r.out.slice(r.out.indexOf('{'), r.out.lastIndexOf('}') + 1)) as {
    operations: unknown[];
  };
  return { ms: r.ms, out, dir: join(out, ex.id), queries: summary.operations.length };
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds or milliseconds in a build log line, as ms. */
function logMs(out: string, re: RegExp): number | undefined {
  const m = re.exec(out);
  if (!m) return undefined;
  return m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
}

function build(dir: string, executable: string) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const r = run([DSFORGE, 'build', dir, '--targets', 'linux_amd64']);
  const binary = join(dir, 'dist', `${executable}_linux_amd64`);
  return {
    buildMs: round(r.ms),
    backendBundleMs: round(logMs(r.out, /bundled .*\(([\d.]+) (ms|s)\)/)),
    backendExecutableMs: round(logMs(r.out, /_linux_amd64 written \(([\d.]+) (ms|s)\)/)),
    frontendMs: round(logMs(r.out, /module\.js built \([^,]+, ([\d.]+) (ms|s)\)/)),
    binaryBytes: existsSync(binary) ? statSync(binary).size : undefined,
  };
}

function main(): void {
  const results: Record<string, unknown>[] = [];
  for (const ex of EXAMPLES) {
    const cold = generate(ex);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const g = generate(ex);
      times.push(g.ms);
      rmSync(g.out, { recursive: true, force: true });
    }
    let dir = join(ROOT, 'packages', ex.id);
    if (!ex.committed) {
      dir = cold.dir;
      symlinkSync(INSTALLED, join(dir, 'node_modules'), 'dir');
    }
    const executable = (
      JSON.parse(readFileSync(join(dir, 'src/plugin.json'), 'utf8')) as { executable: string }
    ).executable;
    try {
      results.push({
        example: ex.example,
        spec: ex.spec,
        bytes: statSync(join(ROOT, ex.spec)).size,
        queries: cold.queries,
        generateMs: round(median(times.length ? times : [cold.ms])),
        generateColdMs: round(cold.ms),
        ...build(dir, executable),
      });
    } finally {
      rmSync(cold.out, { recursive: true, force: true });
    }
  }
  console.log(
    JSON.stringify({ name: 'codegen', runs: RUNS, node: process.version, examples: results }, null, 2),
  );
}

main();
