/**
 * Reads each schema fixture and prints one JSON line per spec:
 * {"name":"schema-read","spec","operations","queries","bytes","ms","coldMs"}.
 * Run: pnpm exec tsx bench/schema-read.bench.ts
 * `coldMs` is the first read in this process (module JIT warm-up included); `ms` is the median
 * of BENCH_RUNS (default 5) further reads. `bytes` is the size of the spec (all files of a
 * directory). The target is ≤ 10 s for a 1 MB spec with 200+ operations (`large/large-spec.json`).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { readSchema } from '../tools/codegen/src/schema';
import { INFLUXDB_SPEC, REPO_ROOT, fixture } from '../tools/codegen/src/schema/test-fixtures';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SPECS = [
  fixture('orders.openapi.yaml'),
  fixture('orders.graphql'),
  fixture('swagger2-petstore.json'),
  fixture('multi-file'),
  fixture('openapi31-type-arrays.yaml'),
  fixture('large/large-spec.json'),
  INFLUXDB_SPEC,
];

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

async function timed(path: string): Promise<{ ms: number; operations: number; queries: number }> {
  const start = process.hrtime.bigint();
  const model = await readSchema(path);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    ms,
    operations: model.operations.length,
    queries: model.operations.filter((o) => o.isQuery).length,
  };
}

async function main(): Promise<void> {
  for (const spec of SPECS) {
    const cold = await timed(spec);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push((await timed(spec)).ms);
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)] ?? cold.ms;
    console.log(
      JSON.stringify({
        name: 'schema-read',
        spec: relative(REPO_ROOT, spec),
        operations: cold.operations,
        queries: cold.queries,
        bytes: sizeOf(spec),
        ms: Math.round(ms * 10) / 10,
        coldMs: Math.round(cold.ms * 10) / 10,
      }),
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
