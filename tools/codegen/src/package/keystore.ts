import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, KeyRing, type KeyRecord } from './trust';

/**
 * The company signing keys on disk:
 * `<dir>/keyring.json` (public keys and their history; safe to share) and
 * `<dir>/private/<fingerprint>.asc` (private keys, mode 0600, never shared).
 * Default dir: `$DSFORGE_KEYS_DIR`, else `$XDG_CONFIG_HOME/dsforge/keys`, else `~/.config/dsforge/keys`.
 */
export function defaultKeysDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DSFORGE_KEYS_DIR) return env.DSFORGE_KEYS_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dsforge', 'keys');
}

export const keyringPath = (dir: string) => join(dir, 'keyring.json');
const privatePath = (dir: string, fingerprint: string) => join(dir, 'private', `${fingerprint}.asc`);

export interface KeyIdentity {
  name?: string;
  email?: string;
}

/** Creates the key directory with a first key. Refuses to overwrite an existing keyring. */
export async function initKeys(dir: string, who: KeyIdentity): Promise<KeyRecord> {
  const existing = await KeyRing.load(keyringPath(dir)).catch(() => undefined);
  if (existing)
    throw new Error(`${keyringPath(dir)} already exists; use dsforge keys rotate to make a new signing key`);
  const ring = new KeyRing();
  const key = await generateSigningKey(who);
  await savePrivate(dir, key.fingerprint, key.privateKeyArmored);
  const record = await ring.add(key.publicKeyArmored);
  await ring.save(keyringPath(dir));
  return record;
}

/** Makes a new current key; the previous one retires (it still verifies what it signed). */
export async function rotateKeys(
  dir: string,
  who: KeyIdentity,
): Promise<{ current: KeyRecord; retired?: KeyRecord }> {
  const ring = await KeyRing.load(keyringPath(dir));
  const previous = ring.current();
  const userId = previous?.userIds[0];
  const parsed = userId ? /^(.*?)(?: <(.+)>)?$/.exec(userId) : null;
  const key = await generateSigningKey({ name: who.name ?? parsed?.[1], email: who.email ?? parsed?.[2] });
  await savePrivate(dir, key.fingerprint, key.privateKeyArmored);
  const current = await ring.rotate(key.publicKeyArmored, key.createdAt);
  await ring.save(keyringPath(dir));
  return { current, retired: previous ? ring.get(previous.fingerprint) : undefined };
}

/** Revokes a key in the keyring. Its signatures stop verifying everywhere the keyring is used. */
export async function revokeKey(dir: string, fingerprint: string, reason: string): Promise<KeyRecord> {
  const ring = await KeyRing.load(keyringPath(dir));
  const record = ring.revoke(fingerprint, reason);
  await ring.save(keyringPath(dir));
  return record;
}

/** The current key's fingerprint and private key, or a message saying what to do. */
export async function currentSigningKey(
  dir: string,
): Promise<{ fingerprint: string; privateKeyArmored: string }> {
  const ring = await KeyRing.load(keyringPath(dir));
  const current = ring.current();
  if (!current)
    throw new Error(
      `${keyringPath(dir)} has no current key (all revoked or retired); run dsforge keys rotate`,
    );
  try {
    return {
      fingerprint: current.fingerprint,
      privateKeyArmored: await readFile(privatePath(dir, current.fingerprint), 'utf8'),
    };
  } catch (err) {
    throw new Error(
      `the private key of ${current.fingerprint} is not in ${join(dir, 'private')}; sign on the machine that holds it`,
      { cause: err },
    );
  }
}

async function savePrivate(dir: string, fingerprint: string, armored: string): Promise<void> {
  await mkdir(join(dir, 'private'), { recursive: true, mode: 0o700 });
  await writeFile(privatePath(dir, fingerprint), armored, { mode: 0o600 });
  await chmod(privatePath(dir, fingerprint), 0o600);
}
