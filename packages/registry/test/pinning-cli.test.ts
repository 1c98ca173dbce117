/**
 * Trust on first use for `dsforge install`: the first install from a registry pins the keys it
 * serves; a key the registry starts serving later is refused until the user accepts it, and a
 * key once seen revoked is never trusted again. Real registry server, CLI as child processes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKey, KeyRing, type SigningKey } from '../src/trust';
import { dsforge, signedProject, startCliRegistry, type CliRegistry } from './cli-harness';
import { makeKeys, tempDir, type Keys } from './fixtures';

const id = 'acme-weather-datasource';
let keys: Keys;
let reg: CliRegistry;
let pins: string;
let rotatedKey: SigningKey;
let rotated: KeyRing;

beforeAll(async () => {
  keys = await makeKeys();
  reg = await startCliRegistry(keys);
  pins = join(await tempDir(), 'pinned-keys.json');
  // Signed before the rotation below, so the retired key still verifies it.
  const { anyZip } = await signedProject(keys, '1.0.0', { at: new Date(Date.now() - 30_000) });
  expect(dsforge(['publish', anyZip, '--registry', reg.url, '--token', reg.tokens.weather!]).status).toBe(0);
  rotatedKey = await generateSigningKey({ name: 'rotated', date: new Date(Date.now() - 20_000) });
}, 120_000);

afterAll(() => {
  reg?.stop();
});

const install = async (spec: string, ...extra: string[]) => {
  const plugins = await tempDir();
  const r = dsforge(['install', spec, '--grafana-plugins-dir', plugins, '--registry', reg.url, ...extra], {
    DSFORGE_PINNED_KEYS: pins,
  });
  return { ...r, installed: existsSync(join(plugins, id, 'plugin.json')) };
};
const pinned = () =>
  (
    JSON.parse(readFileSync(pins, 'utf8')) as {
      registries: Record<string, { signingKeys: Record<string, { via: string; revokedAt?: string }> }>;
    }
  ).registries[reg.url]!.signingKeys;

test('the first install from a registry pins the signing and certifier keys it serves', async () => {
  expect(existsSync(pins)).toBe(false);
  const r = await install(`${id}@1.0.0`);
  expect(r.status).toBe(0);
  expect(r.installed).toBe(true);
  expect(r.stderr).toContain(
    `pinned signing key ${keys.signing.fingerprint} (first-use) for ${reg.url} in ${pins}`,
  );
  expect(r.stderr).toContain(`pinned certifier key ${keys.certifier.keyId} (first-use)`);
  expect(Object.keys(pinned())).toEqual([keys.signing.fingerprint]);
});

test('a package signed by a key the registry started serving later is refused until accepted', async () => {
  rotated = new KeyRing(keys.keyring.toJSON());
  await rotated.rotate(rotatedKey.publicKeyArmored);
  await reg.serveKeyring(rotated);
  const { anyZip } = await signedProject(keys, '2.0.0', { key: rotatedKey.privateKeyArmored });
  expect(dsforge(['publish', anyZip, '--registry', reg.url, '--token', reg.tokens.weather!]).status).toBe(0);

  const before = readFileSync(pins, 'utf8');
  const refused = await install(id);
  expect(refused.status).toBe(1);
  expect(refused.installed).toBe(false);
  expect(refused.stderr).toContain(
    `refusing to install: the package is signed by key ${rotatedKey.fingerprint}, which is not pinned for ${reg.url} in ${pins}`,
  );
  expect(refused.stderr).toMatch(new RegExp(`^  ${rotatedKey.fingerprint} "rotated", active from `, 'm'));
  expect(refused.stderr).toContain('--accept-new-keys');
  expect(readFileSync(pins, 'utf8')).toBe(before);

  // Versions signed by the pinned key still install; the unpinned key is named, not trusted.
  const old = await install(`${id}@1.0.0`);
  expect(old.status).toBe(0);
  expect(old.stderr).toContain(`not pinned here, not trusted: ${rotatedKey.fingerprint}`);

  const accepted = await install(id, '--accept-new-keys');
  expect(accepted.status).toBe(0);
  expect(accepted.installed).toBe(true);
  expect(accepted.stderr).toContain(`pinned signing key ${rotatedKey.fingerprint} (accepted)`);
  expect(pinned()[rotatedKey.fingerprint]).toMatchObject({ via: 'accepted' });
  expect((await install(id)).status).toBe(0);
});

test('a revoked key is never trusted again, even when the registry later serves it as valid', async () => {
  const revoked = new KeyRing(rotated.toJSON());
  revoked.revoke(rotatedKey.fingerprint, 'laptop stolen');
  await reg.serveKeyring(revoked);
  const r = await install(id, '--accept-new-keys');
  expect(r.status).toBe(1);
  expect(r.installed).toBe(false);
  expect(r.stderr).toMatch(/does not verify: key \S+ was revoked on .* \(laptop stolen\)/);
  expect(pinned()[rotatedKey.fingerprint]).toMatchObject({ revokedAt: expect.any(String) });

  await reg.serveKeyring(rotated); // a compromised registry "un-revokes" the key
  const again = await install(id, '--accept-new-keys');
  expect(again.status).toBe(1);
  expect(again.installed).toBe(false);
  expect(again.stderr).toMatch(/was revoked on .*\(laptop stolen\); it verifies nothing/);
});

test('a pins file that is not a pins file stops the install instead of trusting again from scratch', async () => {
  const bad = join(await tempDir(), 'pinned-keys.json');
  writeFileSync(bad, '{"keys": []}');
  const plugins = await tempDir();
  const r = dsforge(['install', `${id}@1.0.0`, '--grafana-plugins-dir', plugins, '--registry', reg.url], {
    DSFORGE_PINNED_KEYS: bad,
  });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`${bad} is not a dsforge pinned-keys file`);
  expect(existsSync(join(plugins, id))).toBe(false);
});
