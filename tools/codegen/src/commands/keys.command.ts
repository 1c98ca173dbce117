import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { defaultKeysDir, initKeys, keyringPath, revokeKey, rotateKeys } from '../package';
import { KeyRing } from '../package/trust';

interface KeysArgs {
  action: string;
  fingerprint?: string;
  dir?: string;
  name?: string;
  email?: string;
  reason?: string;
  armor: boolean;
}

/** `dsforge keys init|rotate|revoke|export|list`: the company's plugin signing keys. */
export const keysCommand: CommandModule<object, KeysArgs> = {
  command: 'keys <action> [fingerprint]',
  describe: 'Manage company signing keys: init, rotate, revoke <fingerprint> --reason, export, list',
  builder: (y: Argv) =>
    y
      .positional('action', {
        type: 'string',
        choices: ['init', 'rotate', 'revoke', 'export', 'list'],
        demandOption: true,
      })
      .positional('fingerprint', { type: 'string', describe: 'Key to revoke' })
      .option('dir', {
        type: 'string',
        describe: 'Key directory (default ~/.config/dsforge/keys or $DSFORGE_KEYS_DIR)',
      })
      .option('name', { type: 'string', describe: 'User id name for a new key' })
      .option('email', { type: 'string', describe: 'User id email for a new key' })
      .option('reason', { type: 'string', describe: 'Why a key is revoked' })
      .option('armor', {
        type: 'boolean',
        default: false,
        describe: 'export: armored public keys (for gpg --import) instead of the keyring JSON',
      }) as unknown as Argv<KeysArgs>,
  handler: async (args: ArgumentsCamelCase<KeysArgs>) => {
    const dir = args.dir ?? defaultKeysDir();
    try {
      switch (args.action) {
        case 'init': {
          const k = await initKeys(dir, { name: args.name, email: args.email });
          console.log(`created ${k.fingerprint} (${k.userIds.join(', ')}) in ${dir}`);
          break;
        }
        case 'rotate': {
          const r = await rotateKeys(dir, { name: args.name, email: args.email });
          if (r.retired)
            console.log(
              `retired ${r.retired.fingerprint} (verifies what it signed before ${r.retired.retiredAt})`,
            );
          console.log(`current ${r.current.fingerprint}`);
          break;
        }
        case 'revoke': {
          if (!args.fingerprint)
            throw new Error('name the key: dsforge keys revoke <fingerprint> --reason "..."');
          if (!args.reason) throw new Error('a revocation needs --reason');
          const k = await revokeKey(dir, args.fingerprint, args.reason);
          console.log(
            `revoked ${k.fingerprint}: it verifies nothing from now on. Distribute the new keyring (dsforge keys export).`,
          );
          break;
        }
        case 'export': {
          const ring = await KeyRing.load(keyringPath(dir));
          process.stdout.write(
            args.armor ? ring.exportArmored() : `${JSON.stringify(ring.toJSON(), null, 2)}\n`,
          );
          break;
        }
        case 'list': {
          const ring = await KeyRing.load(keyringPath(dir));
          for (const k of ring.list()) {
            console.log(
              `${k.status.padEnd(8)} ${k.fingerprint}  ${k.activeFrom} → ${k.retiredAt ?? ''}${k.revokedAt ? `  revoked ${k.revokedAt}: ${k.revocationReason}` : ''}`,
            );
          }
          break;
        }
      }
    } catch (err) {
      process.stderr.write(`dsforge keys ${args.action}: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  },
};
