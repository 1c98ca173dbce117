import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { relative } from 'node:path';
import { packagePlugin, PackageError } from '../package';

interface PackageArgs {
  distDir: string;
  out?: string;
  grafanaSign: boolean;
  signatureType: string;
  rootUrls?: string;
  json: boolean;
}

/** `dsforge package <dist-dir>`: per-platform and `any` zips in Grafana's layout. */
export const packageCommand: CommandModule<object, PackageArgs> = {
  command: 'package <dist-dir>',
  describe: 'Zip a built plugin folder: one zip per OS/arch plus an "any" zip',
  builder: (y: Argv) =>
    y
      .positional('dist-dir', {
        type: 'string',
        demandOption: true,
        describe: 'Built plugin folder (has plugin.json)',
      })
      .option('out', { type: 'string', describe: 'Output folder (default: parent of dist-dir)' })
      .option('grafana-sign', {
        type: 'boolean',
        default: false,
        describe: "Sign each zip's folder with Grafana's signing service (needs GRAFANA_ACCESS_POLICY_TOKEN)",
      })
      .option('signature-type', { type: 'string', default: 'private', describe: 'With --grafana-sign' })
      .option('root-urls', {
        type: 'string',
        describe: 'With --grafana-sign: comma-separated Grafana root URLs',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print the result as JSON',
      }) as unknown as Argv<PackageArgs>,
  handler: async (args: ArgumentsCamelCase<PackageArgs>) => {
    try {
      const result = await packagePlugin({
        distDir: args.distDir,
        outDir: args.out,
        grafanaSign: args.grafanaSign
          ? { signatureType: args.signatureType, rootUrls: args.rootUrls?.split(',').filter(Boolean) }
          : undefined,
      });
      for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      if (args.json) return void console.log(JSON.stringify(result, null, 2));
      for (const z of result.zips) {
        console.log(
          `${z.platform.padEnd(13)} ${shown(z.path)}  sha256:${z.sha256}${z.grafanaSigned ? '  (Grafana-signed)' : ''}`,
        );
      }
    } catch (err) {
      if (err instanceof PackageError || (err as NodeJS.ErrnoException).code) {
        process.stderr.write(`dsforge package: ${(err as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      throw err;
    }
  },
};

function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r.startsWith('..') ? p : r;
}
