import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { KeyRing } from './keyring';
import { generateSigningKey, signDetached } from './pgp';

const dir = mkdtempSync(join(tmpdir(), 'trust-keyring-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A history in whole seconds: key A from t0, rotated to key B at t1.
const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-06-01T00:00:00Z');
const before = new Date('2026-03-01T00:00:00Z');
const after = new Date('2026-09-01T00:00:00Z');
const now = new Date('2026-11-25T00:00:00Z');
const data = Buffer.from('zip bytes');

async function setup() {
  const a = await generateSigningKey({ name: 'Acme', email: 'sign@acme.test', date: t0 });
  const b = await generateSigningKey({ name: 'Acme', email: 'sign@acme.test', date: t1 });
  const ring = new KeyRing();
  await ring.add(a.publicKeyArmored);
  await ring.rotate(b.publicKeyArmored, t1);
  return { a, b, ring };
}

describe('KeyRing', () => {
  it('verifies a signature from the current key, from bytes, a stream and a file path', async () => {
    const { b, ring } = await setup();
    const sig = await signDetached(data, b.privateKeyArmored, { date: after });
    const file = join(dir, 'pkg.zip');
    writeFileSync(file, data);
    for (const input of [data, Readable.from([data]), file]) {
      expect(await ring.verifyDetached(input, sig, now)).toEqual({
        valid: true,
        fingerprint: b.fingerprint,
        keyStatus: 'current',
        signedAt: after.toISOString(),
      });
    }
  });

  it('keeps verifying what a retired key signed while it was current', async () => {
    const { a, ring } = await setup();
    const sig = await signDetached(data, a.privateKeyArmored, { date: before });
    expect(await ring.verifyDetached(data, sig, now)).toMatchObject({
      valid: true,
      fingerprint: a.fingerprint,
      keyStatus: 'retired',
    });
  });

  it('refuses what a retired key signed after its retirement', async () => {
    const { a, ring } = await setup();
    const sig = await signDetached(data, a.privateKeyArmored, { date: after });
    const r = await ring.verifyDetached(data, sig, now);
    expect(r).toMatchObject({ valid: false, keyStatus: 'retired' });
    expect(r.reason).toContain(`after key ${a.fingerprint} was retired (2026-06-01T00:00:00.000Z)`);
  });

  it('verifies nothing from a revoked key, not even signatures made before the revocation', async () => {
    const { a, ring } = await setup();
    const sig = await signDetached(data, a.privateKeyArmored, { date: before });
    ring.revoke(a.fingerprint, 'laptop stolen', now);
    const r = await ring.verifyDetached(data, sig, now);
    expect(r).toMatchObject({ valid: false, keyStatus: 'revoked' });
    expect(r.reason).toContain('laptop stolen');
  });

  it('rejects a signature from a key that is not in the keyring', async () => {
    const { ring } = await setup();
    const stranger = await generateSigningKey({ date: t1 });
    const sig = await signDetached(data, stranger.privateKeyArmored, { date: after });
    const r = await ring.verifyDetached(data, sig, now);
    expect(r.valid).toBe(false);
    expect(r.reason).toMatch(/which is not in the keyring/);
  });

  it('rejects a signature over different bytes', async () => {
    const { b, ring } = await setup();
    const sig = await signDetached(data, b.privateKeyArmored, { date: after });
    const r = await ring.verifyDetached(Buffer.from('zip bytez'), sig, now);
    expect(r).toMatchObject({ valid: false, fingerprint: b.fingerprint });
    expect(r.reason).toMatch(/does not match the data/);
  });

  it('saves and loads its history, and has one current key', async () => {
    const { a, b, ring } = await setup();
    const file = join(dir, 'keyring.json');
    await ring.save(file);
    const loaded = await KeyRing.load(file);
    expect(loaded.current()?.fingerprint).toBe(b.fingerprint);
    expect(loaded.list().map((k) => [k.fingerprint, k.status, k.activeFrom, k.retiredAt])).toEqual([
      [a.fingerprint, 'retired', t0.toISOString(), t1.toISOString()],
      [b.fingerprint, 'current', t1.toISOString(), undefined],
    ]);
    await expect(loaded.add((await generateSigningKey()).publicKeyArmored)).rejects.toThrow(/use rotate/);
    await expect(loaded.add(a.privateKeyArmored, { retiredAt: t1 })).rejects.toThrow(
      /refusing a private key/,
    );
  });
});
