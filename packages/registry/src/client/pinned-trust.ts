import * as openpgp from 'openpgp';
import { readFile } from 'node:fs/promises';
import { certifierKeyId, KeyRing, type KeyRecord, type KeyVerification } from '../trust';
import { RegistryClientError } from './http';
import { loadPins, registryKey, savePins, type PinnedKey, type PinSource, type RegistryPins } from './pins';

/** What `/api/keys` serves. */
export interface ServedKeys {
  keys: KeyRecord[];
  certifier: { publicKeyPem: string } | null;
}

export interface TrustOptions {
  /** Registry base URL (pins are kept per registry). */
  base: string;
  served: ServedKeys;
  /** Independent trust roots; when given, the served keys (and pins) are not used for that check. */
  keyringFile?: string;
  certifierKeyFile?: string;
  /** Pin file; without one nothing is pinned and the served keys are trusted as they are. */
  pinFile?: string;
  /** Trust (and pin) keys the registry serves that are not pinned yet; never revoked ones. */
  acceptNewKeys?: boolean;
  now?: () => Date;
  log?: (line: string) => void;
}

const ACCEPT_HINT =
  'If the company rotated its signing or certifier key, confirm the new fingerprint with the key owners (`dsforge keys list` on the release machine) and run the install again with --accept-new-keys. If nobody rotated a key, treat the registry as compromised and do not accept it.';

/**
 * Trust-on-first-use for the keys a registry serves at `/api/keys`. The first install from a
 * registry pins the fingerprints of its (not revoked) signing keys and its certifier key; later
 * installs verify only with pinned keys, so a registry that starts serving a key of its own
 * cannot get a package installed with it. A key seen revoked stays revoked in the pin file, even
 * if the registry later serves it as valid.
 */
export class PinnedTrust {
  private readonly signing = new Map<string, PinnedKey>();
  private readonly certifier = new Map<string, PinnedKey>();

  private constructor(
    private readonly opts: TrustOptions,
    /** Served keys whose armored key really has the fingerprint the record claims. */
    private readonly served: KeyRecord[],
    /** Pins for this registry as loaded; undefined on first use (or without a pin file). */
    private readonly pins: RegistryPins | undefined,
  ) {}

  static async create(opts: TrustOptions): Promise<PinnedTrust> {
    const served: KeyRecord[] = [];
    for (const k of opts.served.keys) {
      const real = (await openpgp.readKey({ armoredKey: k.publicKeyArmored })).getFingerprint();
      if (real === k.fingerprint.toLowerCase()) served.push({ ...k, fingerprint: real });
      else opts.log?.(`ignoring a served key record that claims ${k.fingerprint} but holds key ${real}`);
    }
    const pins = opts.pinFile ? (await loadPins(opts.pinFile)).registries[registryKey(opts.base)] : undefined;
    const trust = new PinnedTrust(opts, served, pins);
    await trust.rememberRevocations();
    return trust;
  }

  private get pinning(): boolean {
    return this.opts.pinFile !== undefined;
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  /** A served key's record with any revocation the pin file remembers applied. */
  private effective(k: KeyRecord): KeyRecord {
    const pin = this.pins?.signingKeys[k.fingerprint];
    return pin?.revokedAt && !k.revokedAt
      ? { ...k, revokedAt: pin.revokedAt, revocationReason: pin.revocationReason ?? 'revoked earlier' }
      : k;
  }

  private isPinned(fpr: string): boolean {
    const pin = this.pins?.signingKeys[fpr];
    return pin !== undefined && !pin.revokedAt;
  }

  /**
   * Revocations only ever tighten trust, so they are written at once, even when this install is
   * refused: a compromised registry cannot later "un-revoke" a key for this machine.
   */
  private async rememberRevocations(): Promise<void> {
    if (!this.pinning || !this.pins) return;
    let learned = false;
    for (const k of this.served) {
      const pin = this.pins.signingKeys[k.fingerprint];
      if (!k.revokedAt || pin?.revokedAt) continue;
      this.pins.signingKeys[k.fingerprint] = {
        ...(pin ?? { pinnedAt: this.now(), via: 'first-use', userIds: k.userIds }),
        revokedAt: k.revokedAt,
        revocationReason: k.revocationReason,
      };
      learned = true;
    }
    if (learned) await this.write({});
  }

  /** Verifies the company signature with the keys this machine trusts for the registry. */
  async verifySignature(zipPath: string, signature: string): Promise<KeyVerification> {
    if (this.opts.keyringFile)
      return (await KeyRing.load(this.opts.keyringFile)).verifyDetached(zipPath, signature);
    const all = new KeyRing({ v: 1, keys: this.served.map((k) => this.effective(k)) });
    if (!this.pinning || !this.pins) {
      const r = await all.verifyDetached(zipPath, signature);
      if (r.valid && this.pinning) {
        // First use: pin every served key (revoked ones as revoked) and the certifier key.
        for (const k of this.served) this.stageSigning(k, 'first-use');
        const pem = this.opts.served.certifier?.publicKeyPem;
        if (pem) this.stageCertifier(certifierKeyId(pem), 'first-use');
      }
      return r;
    }
    const pinned = new KeyRing({ v: 1, keys: all.list().filter((k) => this.isPinned(k.fingerprint)) });
    const r = await pinned.verifyDetached(zipPath, signature);
    const unpinned = all
      .list()
      .filter((k) => k.status !== 'revoked' && !this.pins!.signingKeys[k.fingerprint]);
    if (r.valid || r.fingerprint) {
      if (unpinned.length)
        this.opts.log?.(
          `note: the registry also serves signing key(s) not pinned here, not trusted: ${unpinned.map((k) => k.fingerprint).join(', ')}`,
        );
      return r;
    }
    const byServed = await all.verifyDetached(zipPath, signature);
    const signer = byServed.fingerprint;
    if (!signer || byServed.keyStatus === 'revoked') return byServed;
    if (!this.opts.acceptNewKeys) throw this.refuseSigning(signer, unpinned);
    if (byServed.valid) for (const k of unpinned) this.stageSigning(k, 'accepted');
    return byServed;
  }

  private refuseSigning(signer: string, unpinned: KeyRecord[]): RegistryClientError {
    const pinnedList = Object.entries(this.pins!.signingKeys)
      .filter(([, p]) => !p.revokedAt)
      .map(([f, p]) => `${f} (since ${p.pinnedAt})`);
    const lines = unpinned.map(
      (k) => `  ${k.fingerprint} ${JSON.stringify(k.userIds.join(', '))}, active from ${k.activeFrom}`,
    );
    return new RegistryClientError(
      [
        `refusing to install: the package is signed by key ${signer}, which is not pinned for ${registryKey(this.opts.base)} in ${this.opts.pinFile}`,
        `pinned signing keys: ${pinnedList.join(', ') || 'none (all revoked)'}`,
        `the registry serves signing key(s) that are not pinned:`,
        ...lines,
        ACCEPT_HINT,
      ].join('\n'),
    );
  }

  /** The certifier public key PEM to check `certification.json` with, if one is known. */
  async certifierPem(): Promise<string | undefined> {
    if (this.opts.certifierKeyFile) return readFile(this.opts.certifierKeyFile, 'utf8');
    const pem = this.opts.served.certifier?.publicKeyPem;
    if (!pem || !this.pinning) return pem;
    const id = certifierKeyId(pem);
    const known = this.pins?.certifierKeys ?? {};
    if (Object.keys(known).length === 0) this.stageCertifier(id, 'first-use');
    else if (!known[id]) {
      if (!this.opts.acceptNewKeys) {
        throw new RegistryClientError(
          `refusing to install: the registry serves certifier key ${id}, which is not pinned for ${registryKey(this.opts.base)} in ${this.opts.pinFile} (pinned: ${Object.keys(known).join(', ')})\n${ACCEPT_HINT}`,
        );
      }
      this.stageCertifier(id, 'accepted');
    }
    return pem;
  }

  private stageSigning(k: KeyRecord, via: PinSource): void {
    const revoked = k.revokedAt ? { revokedAt: k.revokedAt, revocationReason: k.revocationReason } : {};
    this.signing.set(k.fingerprint, { pinnedAt: this.now(), via, userIds: k.userIds, ...revoked });
  }

  private stageCertifier(id: string, via: PinSource): void {
    this.certifier.set(id, { pinnedAt: this.now(), via });
  }

  /** Writes the keys this install pinned (call only once the install succeeded); returns what it pinned. */
  async commit(): Promise<string[]> {
    if (!this.pinning || (this.signing.size === 0 && this.certifier.size === 0)) return [];
    await this.write({ signing: this.signing, certifier: this.certifier });
    return [
      ...[...this.signing]
        .filter(([, p]) => !p.revokedAt)
        .map(([f, p]) => `pinned signing key ${f} (${p.via})`),
      ...[...this.certifier].map(([id, p]) => `pinned certifier key ${id} (${p.via})`),
    ].map((l) => `${l} for ${registryKey(this.opts.base)} in ${this.opts.pinFile}`);
  }

  /** Re-reads the file and merges, so a concurrent install's pins are not lost. */
  private async write(add: {
    signing?: Map<string, PinnedKey>;
    certifier?: Map<string, PinnedKey>;
  }): Promise<void> {
    const file = this.opts.pinFile!;
    const data = await loadPins(file);
    const key = registryKey(this.opts.base);
    const entry = (data.registries[key] ??= { signingKeys: {}, certifierKeys: {} });
    for (const [f, p] of Object.entries(this.pins?.signingKeys ?? {}))
      if (p.revokedAt && !entry.signingKeys[f]?.revokedAt) entry.signingKeys[f] = p;
    for (const [f, p] of add.signing ?? []) if (!entry.signingKeys[f]) entry.signingKeys[f] = p;
    for (const [id, p] of add.certifier ?? []) if (!entry.certifierKeys[id]) entry.certifierKeys[id] = p;
    await savePins(file, data);
  }
}
