/**
 * The certifier half of install key pinning (the CLI tests cover signing keys): a registry that
 * starts serving another certifier key is refused until the user accepts it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PinnedTrust } from '../src/client/pinned-trust';
import { savePins } from '../src/client/pins';
import { generateCertifierKey } from '../src/trust';
import { makeKeys, tempDir } from './fixtures';

const base = 'http://registry.example:3838';

test('a certifier key that is not pinned is refused, and pinned once accepted', async () => {
  const keys = await makeKeys();
  const pinFile = join(await tempDir(), 'pins.json');
  const pinnedAt = '2026-01-01T00:00:00.000Z';
  await savePins(pinFile, {
    v: 1,
    registries: {
      [base]: {
        signingKeys: { [keys.signing.fingerprint]: { pinnedAt, via: 'first-use' } },
        certifierKeys: { [keys.certifier.keyId]: { pinnedAt, via: 'first-use' } },
      },
    },
  });
  const other = generateCertifierKey();
  const served = { keys: keys.keyring.toJSON().keys, certifier: { publicKeyPem: other.publicKeyPem } };
  const before = await readFile(pinFile, 'utf8');

  const trust = await PinnedTrust.create({ base, served, pinFile });
  await expect(trust.certifierPem()).rejects.toThrow(
    `refusing to install: the registry serves certifier key ${other.keyId}, which is not pinned for ${base} in ${pinFile} (pinned: ${keys.certifier.keyId})`,
  );
  expect(await trust.commit()).toEqual([]);
  expect(await readFile(pinFile, 'utf8')).toBe(before);

  const accepting = await PinnedTrust.create({ base, served, pinFile, acceptNewKeys: true });
  expect(await accepting.certifierPem()).toBe(other.publicKeyPem);
  expect(await accepting.commit()).toEqual([
    `pinned certifier key ${other.keyId} (accepted) for ${base} in ${pinFile}`,
  ]);
  const after = await PinnedTrust.create({ base, served, pinFile });
  expect(await after.certifierPem()).toBe(other.publicKeyPem);
});
