// `pnpm demo`: the main job end to end.
//   1. builds the example datasource into Grafana plugin executables, and has Grafana's own plugin
//      host libraries (hashicorp/go-plugin + grafana-plugin-sdk-go, in tools/conformance) launch
//      the linux_amd64 binary the way Grafana does, check its health, run a query and print the
//      frame the Go SDK decoded;
//   2. generates the orders datasource from its OpenAPI schema, starts the sample orders API,
//      builds the plugin and queries it through the host, printing the frames as tables;
//   3. certifies, packages, signs, publishes and installs a plugin through the internal registry
//      (`pnpm demo --serve` keeps the registry running and prints its URL).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const step = (label, cmd, args, cwd = root) => {
  const t0 = Date.now();
  console.log(`\n== ${label}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`demo: "${label}" failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`== ${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
};

step('dsforge build examples/example-datasource', process.execPath, [
  'tools/codegen/bin/dsforge.cjs',
  'build',
  'examples/example-datasource',
]);
const bin = join(root, 'examples/example-datasource/dist/gpx_dsforge_example_linux_amd64');
step(
  'Grafana Go plugin host drives the TypeScript plugin',
  'go',
  ['run', './cmd/demo', '-plugin', bin],
  join(root, 'tools/conformance'),
);
step('create-datasource: orders API schema → plugin → query through the host', process.execPath, [
  'scripts/demo-orders.mjs',
]);
step('registry: publish and install the example plugin', process.execPath, [
  '--import',
  'tsx',
  'packages/registry/scripts/demo.ts',
  ...process.argv.slice(2),
]);
