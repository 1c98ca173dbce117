/**
 * `tsx tools/codegen/src/frontend/build-cli.ts <packageDir> [outDir]`: only the frontend step of
 * `dsforge build` (for tests in jsdom, where webpack cannot run, and for checks that need a fresh
 * module.js without building executables). Prints the result as JSON on stdout.
 */
import { resolve } from 'node:path';

import { buildFrontendBundle } from './build-frontend';

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir) {
  process.stderr.write('usage: build-cli.ts <packageDir> [outDir]\n');
  process.exit(2);
}
buildFrontendBundle({
  packageDir: resolve(packageDir),
  outDir: resolve(outDir ?? `${packageDir}/dist`),
}).then(
  (r) => process.stdout.write(JSON.stringify(r) + '\n'),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
