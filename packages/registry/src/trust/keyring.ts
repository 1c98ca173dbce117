import * as openpgp from 'openpgp';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { verifyDetachedRaw, type SignableInput } from './pgp';

/** Lifecycle of a key: only `current` signs; `retired` verifies what it signed while active. */
export type KeyStatus = 'current' | 'retired' | 'revoked';

/** One public key with its active period. All times are ISO strings in whole seconds. */
export interface KeyRecord {
  fingerprint: string;
  /** 16 hex digits, the OpenPGP key id (low 64 bits of the fingerprint). */
  keyId: string;
  userIds: string[];
  publicKeyArmored: string;
  /** Start of the active period (the key's OpenPGP creation time or the rotation moment). */
  activeFrom: string;
  /** End of the active period (exclusive); set when the key is rotated out. */
  retiredAt?: string;
  revokedAt?: string;
  revocationReason?: string;
}

/** The JSON file format of a keyring (public keys only; private keys never go in it). */
export interface KeyRingFile {
  v: 1;
  keys: KeyRecord[];
}

export interface KeyVerification {
  valid: boolean;
  fingerprint?: string;
  keyStatus?: KeyStatus;
  /** Signature creation time (ISO), when the signature could be parsed. */
  signedAt?: string;
  reason?: string;
}

/**
 * The set of company signing keys and their history.
 *
 * Rotation: {@link rotate} ends the current key's active period and starts the new key's. A
 * retired key still verifies signatures whose creation time falls inside its active period, so
 * versions published before the rotation keep verifying; a signature it makes afterwards fails.
 * OpenPGP stores signature times in whole seconds, so periods are kept in whole seconds too and
 * the rotation second belongs to the new key.
 *
 * Revocation ({@link revoke}) is absolute: a revoked key verifies nothing, whatever the date,
 * because after a compromise signature dates can be forged.
 */
export class KeyRing {
  private readonly keys: KeyRecord[];

  constructor(file: KeyRingFile = { v: 1, keys: [] }) {
    if (file.v !== 1 || !Array.isArray(file.keys))
      throw new Error('keyring: unsupported format (expected {"v":1,"keys":[...]})');
    this.keys = file.keys.map((k) => ({ ...k }));
  }

  /** Reads a keyring JSON file. */
  static async load(path: string): Promise<KeyRing> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read keyring ${path}: ${(err as Error).message}`, { cause: err });
    }
    try {
      return new KeyRing(JSON.parse(text) as KeyRingFile);
    } catch (err) {
      throw new Error(`keyring ${path} is not a dsforge keyring: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** Writes the keyring atomically (temp file + rename), so a crash never leaves half a file. */
  async save(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
    await rename(tmp, path);
  }

  toJSON(): KeyRingFile {
    return { v: 1, keys: this.keys.map((k) => ({ ...k })) };
  }

  /** Every key, oldest first. */
  list(): (KeyRecord & { status: KeyStatus })[] {
    return this.keys.map((k) => ({ ...k, status: statusOf(k) }));
  }

  /** The key that signs new packages, if any. */
  current(): KeyRecord | undefined {
    return this.keys.find((k) => statusOf(k) === 'current');
  }

  /** A key by fingerprint or 16-hex key id (case-insensitive). */
  get(fingerprintOrKeyId: string): KeyRecord | undefined {
    const id = fingerprintOrKeyId.toLowerCase().replace(/\s+/g, '');
    return this.keys.find((k) => k.fingerprint === id || k.keyId === id);
  }

  /**
   * Adds a public key. Without `retiredAt` it becomes the current key, which fails if there
   * already is one (use {@link rotate}). With `retiredAt` it is imported as history.
   */
  async add(
    publicKeyArmored: string,
    options: { activeFrom?: Date; retiredAt?: Date } = {},
  ): Promise<KeyRecord> {
    const key = await openpgp.readKey({ armoredKey: publicKeyArmored });
    if (key.isPrivate()) throw new Error('keyring: refusing a private key; add the public key only');
    const fingerprint = key.getFingerprint();
    if (this.get(fingerprint)) throw new Error(`keyring: key ${fingerprint} is already in the keyring`);
    if (!options.retiredAt && this.current()) {
      throw new Error(`keyring: ${this.current()!.fingerprint} is the current key; use rotate to replace it`);
    }
    const created = key.getCreationTime();
    const from = options.activeFrom && options.activeFrom > created ? options.activeFrom : created;
    const record: KeyRecord = {
      fingerprint,
      keyId: key.getKeyID().toHex(),
      userIds: key.getUserIDs(),
      publicKeyArmored: key.armor(),
      activeFrom: isoSeconds(from),
      ...(options.retiredAt ? { retiredAt: isoSeconds(options.retiredAt) } : {}),
    };
    this.keys.push(record);
    return { ...record };
  }

  /** Retires the current key at `at` (default now) and makes `publicKeyArmored` current from then. */
  async rotate(publicKeyArmored: string, at: Date = new Date()): Promise<KeyRecord> {
    const previous = this.current();
    const when = new Date(Math.floor(at.getTime() / 1000) * 1000);
    const key = await openpgp.readKey({ armoredKey: publicKeyArmored });
    if (key.getCreationTime() > when) {
      throw new Error(
        'keyring: the new key was created after the rotation time; rotate at or after its creation',
      );
    }
    if (previous) previous.retiredAt = isoSeconds(when);
    try {
      return await this.add(publicKeyArmored, { activeFrom: when });
    } catch (err) {
      if (previous) delete previous.retiredAt;
      throw err;
    }
  }

  /** Marks a key revoked. Revoked keys verify nothing. Revoking the current key leaves no current key. */
  revoke(fingerprintOrKeyId: string, reason: string, at: Date = new Date()): KeyRecord {
    const key = this.get(fingerprintOrKeyId);
    if (!key) throw new Error(`keyring: no key ${fingerprintOrKeyId}`);
    if (!reason.trim()) throw new Error('keyring: a revocation needs a reason');
    key.revokedAt = isoSeconds(at);
    key.revocationReason = reason;
    return { ...key };
  }

  /** All public keys as one armored block per key (for `gpg --import`). */
  exportArmored(): string {
    return this.keys.map((k) => k.publicKeyArmored.trim()).join('\n') + '\n';
  }

  /**
   * Verifies a detached signature over `data` (bytes, stream, or file path): the signature must
   * be cryptographically valid, made by a key in this ring that is not revoked, and created
   * inside that key's active period.
   */
  async verifyDetached(
    data: SignableInput,
    signatureArmored: string,
    now: Date = new Date(),
  ): Promise<KeyVerification> {
    const raw = await verifyDetachedRaw(
      data,
      signatureArmored,
      this.keys.map((k) => k.publicKeyArmored),
      now,
    );
    const signedAt = raw.createdAt ? raw.createdAt.toISOString() : undefined;
    if (!raw.fingerprint) return { valid: false, signedAt, reason: raw.reason };
    const record = this.get(raw.fingerprint)!;
    const keyStatus = statusOf(record);
    const base = { fingerprint: record.fingerprint, keyStatus, signedAt };
    if (keyStatus === 'revoked') {
      return {
        ...base,
        valid: false,
        reason: `key ${record.fingerprint} was revoked on ${record.revokedAt} (${record.revocationReason}); it verifies nothing`,
      };
    }
    if (!raw.valid) return { ...base, valid: false, reason: raw.reason };
    const t = raw.createdAt?.getTime() ?? NaN;
    if (!(t >= Date.parse(record.activeFrom))) {
      return {
        ...base,
        valid: false,
        reason: `signed at ${signedAt}, before key ${record.fingerprint} became active (${record.activeFrom})`,
      };
    }
    if (record.retiredAt && !(t < Date.parse(record.retiredAt))) {
      return {
        ...base,
        valid: false,
        reason: `signed at ${signedAt}, after key ${record.fingerprint} was retired (${record.retiredAt}); only the current key signs new versions`,
      };
    }
    return { ...base, valid: true };
  }
}

function statusOf(k: KeyRecord): KeyStatus {
  return k.revokedAt ? 'revoked' : k.retiredAt ? 'retired' : 'current';
}

function isoSeconds(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
}
