import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { defaultKeysDir, keyringPath, verifyPackage } from '../package';
import { KeyRing } from '../package/trust';

interface VerifyArgs {
  zip: string;
  keyring?: string;
  certifierKey?: string;
  signature?: string;
  allowUnsigned: boolean;
  json: boolean;
}

/** `dsforge verify <zip>`: exits non-zero with every reason the package must not be trusted. */
export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <zip>',
  describe: 'Verify a plugin zip: safety, hashes, Grafana manifest, certification, company signature',
  builder: (y: Argv) =>
    y
      .positional('zip', { type: 'string', demandOption: true })
      .option('keyring', {
        type: 'string',
        describe: 'Keyring JSON (default: the one in ~/.config/dsforge/keys)',
      })
      .option('certifier-key', { type: 'string', describe: 'Certifier Ed25519 public key (PEM file)' })
      .option('signature', { type: 'string', describe: 'Detached signature (default <zip>.sig)' })
      .option('allow-unsigned', {
        type: 'boolean',
        default: false,
        describe: 'Do not fail when there is no company signature',
      })
      .option('json', { type: 'boolean', default: false }) as unknown as Argv<VerifyArgs>,
  handler: async (args: ArgumentsCamelCase<VerifyArgs>) => {
    try {
      const ringFile = args.keyring ?? keyringPath(defaultKeysDir());
      const keyring = args.keyring || existsSync(ringFile) ? await KeyRing.load(ringFile) : undefined;
      const certifierKeyPem = args.certifierKey ? await readFile(args.certifierKey, 'utf8') : undefined;
      const report = await verifyPackage(args.zip, {
        keyring,
        certifierKeyPem,
        signaturePath: args.signature,
        allowUnsigned: args.allowUnsigned,
      });
      if (args.json) console.log(JSON.stringify(report, null, 2));
      else {
        const who = report.plugin ? `${report.plugin.id}@${report.plugin.version}` : args.zip;
        console.log(`${report.ok ? 'OK' : 'FAILED'}  ${who}  (${report.files} files)`);
        const sig = report.signature;
        console.log(
          `  company signature: ${sig.status}${sig.fingerprint ? ` by ${sig.fingerprint} (${sig.keyStatus})` : ''}${sig.signedAt ? ` at ${sig.signedAt}` : ''}`,
        );
        console.log(`  Grafana signature: ${report.grafana.status}`);
        console.log(`  certification:     ${report.certification.status}`);
        for (const p of report.problems) console.log(`  ✗ ${p}`);
        for (const n of report.notes) console.log(`  · ${n}`);
      }
      if (!report.ok) process.exitCode = 1;
    } catch (err) {
      process.stderr.write(`dsforge verify: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  },
};
