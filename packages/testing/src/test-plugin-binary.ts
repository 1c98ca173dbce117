/**
 * Test support (not exported): which plugin binary the host tests drive.
 * `DSFORGE_TEST_PLUGIN_BIN` wins; else the example's packaged Linux binary; else the Go reference
 * plugin. With none, tests fail and say how to build one.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Candidate binaries in order of preference. */
export const CANDIDATES = [
  resolve(ROOT, 'examples/example-datasource/dist/gpx_dsforge_example_linux_amd64'),
  resolve(ROOT, 'tools/conformance/bin/refplugin'),
];

/** The binary to test against, or an Error explaining how to get one. */
export function testPluginBinary(
  env: Record<string, string | undefined> = process.env,
  candidates: string[] = CANDIDATES,
): string {
  const fromEnv = env.DSFORGE_TEST_PLUGIN_BIN;
  if (fromEnv) {
    const path = resolve(fromEnv);
    if (!existsSync(path)) throw new Error(`DSFORGE_TEST_PLUGIN_BIN=${fromEnv} does not exist`);
    return path;
  }
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    [
      'No plugin binary to test @dsforge/testing against. Build one:',
      '  pnpm exec dsforge build examples/example-datasource   # the TS example (preferred)',
      '  cd tools/conformance && go build -o bin/refplugin ./refplugin   # the Go reference plugin',
      'or point DSFORGE_TEST_PLUGIN_BIN at a built plugin binary.',
    ].join('\n'),
  );
}
