import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { buildPlugin, fmtBytes, fmtMs } from '../build/build-plugin';
import { BuildError } from '../build/errors';
import { ALL_TARGETS, parseTargets } from '../build/targets';
import { relative } from 'node:path';

interface BuildArgs {
  packageDir: string;
  targets: string;
  out?: string;
  sourcemap: boolean;
  skipRuntimeDownload: boolean;
}

/** `dsforge build <package-dir>`: package a datasource plugin with self-contained backend binaries. */
export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build <package-dir>',
  describe: 'Build a Grafana plugin folder with Node 24 single-executable backends',
  builder: (y: Argv) =>
    y
      .positional('package-dir', {
        type: 'string',
        demandOption: true,
        describe: 'Plugin package (has package.json and src/plugin.json)',
      })
      .option('targets', {
        type: 'string',
        default: ALL_TARGETS.join(','),
        describe: 'Comma-separated platforms to build',
      })
      .option('out', { type: 'string', describe: 'Output folder (default: <package-dir>/dist)' })
      .option('sourcemap', {
        type: 'boolean',
        default: false,
        describe: 'Embed an inline source map in the backend',
      })
      .option('skip-runtime-download', {
        type: 'boolean',
        default: false,
        describe: 'Use only cached Node runtimes; never run npm pack',
      }) as unknown as Argv<BuildArgs>,
  handler: async (args: ArgumentsCamelCase<BuildArgs>) => {
    const parsed = parseTargets(args.targets);
    if ('error' in parsed) return fail(parsed.error);
    const t0 = performance.now();
    try {
      const result = await buildPlugin({
        packageDir: args.packageDir,
        outDir: args.out,
        targets: parsed.targets,
        sourcemap: args.sourcemap,
        offline: args.skipRuntimeDownload,
      });
      for (const f of result.files) console.log(`${shown(f.path)}\t${fmtBytes(f.bytes)}`);
      process.stderr.write(`built in ${fmtMs(performance.now() - t0)}\n`);
    } catch (err) {
      if (err instanceof BuildError) return fail(err.message);
      throw err;
    }
  },
};

/** Relative to the working directory when inside it, else absolute. */
function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : r;
}

function fail(message: string): void {
  process.stderr.write(`dsforge build: ${message}\n`);
  process.exitCode = 1;
}
