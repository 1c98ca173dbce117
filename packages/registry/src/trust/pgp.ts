import * as openpgp from 'openpgp';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * What can be signed or verified: bytes, a Node stream, or a string naming a file path.
 * Files and streams are hashed as they stream through; a 500 MB zip is never held in memory.
 */
export type SignableInput = Uint8Array | Readable | string;

/** A new OpenPGP key pair (armored) plus the facts a keyring records about it. */
export interface SigningKey {
  publicKeyArmored: string;
  privateKeyArmored: string;
  /** 40 lowercase hex digits. */
  fingerprint: string;
  /** Key creation time (whole seconds, as OpenPGP stores it). */
  createdAt: Date;
  userId: string;
}

export interface GenerateSigningKeyOptions {
  name?: string;
  email?: string;
  /** Creation time; tests use it to build rotation histories. Default: now. */
  date?: Date;
}

/**
 * Generates an Ed25519 signing key (with a Curve25519 encryption subkey), OpenPGP v4.
 *
 * Why `curve25519Legacy` rather than openpgp's default `curve25519`: the default makes RFC 9580
 * Ed25519 keys (algorithm 27), which Debian's GnuPG 2.2 rejects ("unsupported public-key
 * algorithm (27)"). The legacy EdDSA encoding is the same curve and verifies everywhere.
 */
export async function generateSigningKey(options: GenerateSigningKeyOptions = {}): Promise<SigningKey> {
  const name = options.name ?? 'dsforge plugin signing';
  const userIDs = [options.email ? { name, email: options.email } : { name }];
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs,
    date: options.date,
    format: 'armored',
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return {
    publicKeyArmored: publicKey,
    privateKeyArmored: privateKey,
    fingerprint: key.getFingerprint(),
    createdAt: key.getCreationTime(),
    userId: options.email ? `${name} <${options.email}>` : name,
  };
}

export interface SignDetachedOptions {
  /** Signature creation time. Default: now. Tests use it; real signing should not. */
  date?: Date;
}

/**
 * An armored detached OpenPGP signature (`-----BEGIN PGP SIGNATURE-----`) over the input.
 *
 * Memory: openpgp 6 keeps a passive clone of streamed literal data while signing, so a signed
 * file is buffered once (measured: ~250 MB peak for a 126 MB zip). Verification streams
 * (a few MB whatever the size).
 */
export async function signDetached(
  data: SignableInput,
  privateKeyArmored: string,
  options: SignDetachedOptions = {},
): Promise<string> {
  const signingKeys = await openpgp.readPrivateKey({ armoredKey: privateKeyArmored });
  const message = await openpgp.createMessage({ binary: toWebStream(data) });
  const sig = await openpgp.sign({
    message,
    signingKeys,
    detached: true,
    format: 'armored',
    date: options.date,
  });
  return readAllText(sig);
}

/** The outcome of checking one signature against one set of public keys. */
export interface RawVerification {
  valid: boolean;
  /** Fingerprint of the key that made the signature, when it is one of `keys`. */
  fingerprint?: string;
  /** 16-hex issuer key id from the signature packet. */
  issuerKeyId?: string;
  /** Signature creation time. */
  createdAt?: Date;
  reason?: string;
}

/**
 * Checks a detached signature against the given armored public keys, streaming the data.
 * Knows nothing about rotation or revocation; {@link KeyRing.verifyDetached} adds that.
 */
export async function verifyDetachedRaw(
  data: SignableInput,
  signatureArmored: string,
  publicKeysArmored: string[],
  now: Date = new Date(),
): Promise<RawVerification> {
  let signature: openpgp.Signature;
  try {
    signature = await openpgp.readSignature({ armoredSignature: signatureArmored });
  } catch (err) {
    return {
      valid: false,
      reason: `the signature is not an armored OpenPGP signature: ${(err as Error).message}`,
    };
  }
  const packet = signature.packets[0];
  const issuerKeyId = packet?.issuerKeyID?.toHex();
  const createdAt = packet?.created ?? undefined;
  const keys = await Promise.all(publicKeysArmored.map((armoredKey) => openpgp.readKey({ armoredKey })));
  const signer = keys.find((k) => k.getKeys().some((sub) => sub.getKeyID().toHex() === issuerKeyId));
  if (!signer) {
    return {
      valid: false,
      issuerKeyId,
      createdAt,
      reason: `signed by key ${issuerKeyId ?? '(unknown)'}, which is not in the keyring`,
    };
  }
  const fingerprint = signer.getFingerprint();
  try {
    const message = await openpgp.createMessage({ binary: toWebStream(data) });
    const result = await openpgp.verify({
      message,
      signature,
      verificationKeys: signer,
      date: now,
      expectSigned: false,
    });
    // With streamed input the signature is only checked once the data stream has been drained.
    await drain(result.data as unknown as ReadableStream<Uint8Array>);
    const first = result.signatures[0];
    if (!first) throw new Error('the signature has no signature packet');
    await first.verified;
    return { valid: true, fingerprint, issuerKeyId, createdAt };
  } catch (err) {
    return {
      valid: false,
      fingerprint,
      issuerKeyId,
      createdAt,
      reason: `the signature does not match the data (${(err as Error).message})`,
    };
  }
}

function toWebStream(data: SignableInput): ReadableStream<Uint8Array> {
  const node =
    typeof data === 'string'
      ? createReadStream(data)
      : data instanceof Uint8Array
        ? Readable.from([data])
        : data;
  return Readable.toWeb(node) as unknown as ReadableStream<Uint8Array>;
}

async function drain(stream: ReadableStream<Uint8Array> | Uint8Array | string): Promise<void> {
  if (typeof stream === 'string' || stream instanceof Uint8Array) return;
  const reader = stream.getReader();
  while (!(await reader.read()).done) {
    /* discard: only the hashing side effect matters */
  }
}

async function readAllText(out: string | ReadableStream<string>): Promise<string> {
  if (typeof out === 'string') return out;
  const reader = out.getReader();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
}
