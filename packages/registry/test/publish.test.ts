import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildPlugin,
  certify,
  flipByte,
  makeBundle,
  makeKeys,
  sha256,
  startTestRegistry,
  tempDir,
  type Keys,
  type TestRegistry,
} from './fixtures';
import { generateSigningKey } from '../src/trust';

let keys: Keys;
let reg: TestRegistry;
let dir: string;

beforeAll(async () => {
  keys = await makeKeys();
});
beforeEach(async () => {
  reg = await startTestRegistry(keys);
  dir = await tempDir();
});
afterEach(async () => {
  await reg.cleanup();
});

/** Nothing of the plugin is visible anywhere and no artifact or temp file remains. */
async function expectNothingStored(r: TestRegistry, id = 'acme-weather-datasource') {
  expect(await r.storage.listVersions(id)).toEqual([]);
  expect(await r.storage.getPlugin(id)).toBeUndefined();
  expect(await readdir(join(r.artifacts.root, 'plugins'))).toEqual([]);
  expect(await readdir(r.artifacts.tmpDir)).toEqual([]);
}

describe('publishing', () => {
  test('a signed, certified package by the owning team is accepted and listed', async () => {
    const plugin = await buildPlugin(dir);
    const res = await reg.publish(await makeBundle(dir, plugin, keys));
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ pluginId: plugin.id, version: '1.0.0', team: 'weather' });
    expect(body.signature).toEqual({ fingerprint: keys.signing.fingerprint, keyStatus: 'current' });
    expect(body.packages.map((p: { platform: string }) => p.platform).sort()).toEqual([
      'any',
      'linux-amd64',
      'linux-arm64',
    ]);
    const list = (await reg.app.inject('/api/plugins')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ slug: plugin.id, version: '1.0.0', status: 'active' });
    expect(typeof list.items[0].id).toBe('number');
    expect(await readdir(reg.artifacts.tmpDir)).toEqual([]);
  });

  test('the certification may travel inside the plugin folder instead of beside the zip', async () => {
    const base = await buildPlugin(dir);
    const cert = certify(base, keys);
    const inner = await buildPlugin(await tempDir(), {
      extra: [{ name: `${base.id}/certification.json`, content: JSON.stringify(cert) }],
    });
    const res = await reg.publish(await makeBundle(dir, inner, keys, { certification: null }));
    expect(res.statusCode).toBe(201);
  });
});

describe('rejections: each names the reason and stores nothing', () => {
  const cases: [
    string,
    (plugin: Awaited<ReturnType<typeof buildPlugin>>) => Promise<string>,
    number,
    RegExp,
  ][] = [
    ['unsigned', async (p) => makeBundle(dir, p, keys, { signWith: null }), 400, /has no company signature/],
    [
      'tampered after signing',
      async (p) => makeBundle(dir, p, keys, { afterSign: async (zips) => flipByte(zips[0]!.path, 60) }),
      400,
      /signature does not match the data|not a safe plugin zip|damaged/,
    ],
    [
      'signed with a key that is not in the keyring',
      async (p) => makeBundle(dir, p, keys, { signWith: (await generateSigningKey()).privateKeyArmored }),
      400,
      /not in the keyring/,
    ],
    [
      'uncertified',
      async (p) => makeBundle(dir, p, keys, { certification: null }),
      400,
      /has no certification\.json/,
    ],
    [
      'certified, then a file modified and re-signed',
      async (p) => {
        const cert = certify(p, keys);
        const changed = await buildPlugin(await tempDir(), { readme: '# changed after certification\n' });
        return makeBundle(dir, changed, keys, { certification: cert });
      },
      400,
      /README\.md changed after certification/,
    ],
    [
      'certification signed by another certifier',
      async (p) => {
        const other = { ...keys, certifier: (await import('../src/trust')).generateCertifierKey() };
        return makeBundle(dir, p, keys, { certification: certify(p, other) });
      },
      400,
      /not the trusted key/,
    ],
    [
      'certification edited after signing',
      async (p) => {
        const cert = certify(p, keys);
        return makeBundle(dir, p, keys, { certification: { ...cert, seed: 7 } });
      },
      400,
      /does not match its content/,
    ],
    [
      'zip-slip entry',
      async () => {
        const p = await buildPlugin(await tempDir(), {
          extra: [{ name: 'acme-weather-datasource/XXevil.txt', content: 'x' }],
        });
        // yazl refuses "..", so write a same-length placeholder and patch the name bytes.
        for (const z of p.zips) {
          const b = await readFile(z.path);
          await writeFile(
            z.path,
            Buffer.from(b.toString('latin1').replaceAll('XXevil.txt', '../evil.t'.padEnd(10, 'x')), 'latin1'),
          );
        }
        return makeBundle(dir, p, keys);
      },
      400,
      /path traversal, zip-slip/,
    ],
    [
      'symlink entry',
      async () => {
        const p = await buildPlugin(await tempDir(), {
          extra: [{ name: 'acme-weather-datasource/link', content: '/etc/passwd', mode: 0o120777 }],
        });
        return makeBundle(dir, p, keys);
      },
      400,
      /symbolic link/,
    ],
    [
      'second root folder',
      async () => {
        const p = await buildPlugin(await tempDir(), {
          extra: [{ name: 'other-folder/x.txt', content: 'x' }],
        });
        return makeBundle(dir, p, keys);
      },
      400,
      /top-level entries/,
    ],
    [
      'version that is not semver',
      async () => makeBundle(dir, await buildPlugin(await tempDir(), { version: '1.0' }), keys),
      400,
      /not a semantic version/,
    ],
  ];

  test.each(cases)('%s', async (_name, make, status, reason) => {
    const plugin = await buildPlugin(dir);
    const res = await reg.publish(await make(plugin));
    expect({ status: res.statusCode, message: res.json().message }).toEqual({
      status,
      message: expect.stringMatching(reason),
    });
    await expectNothingStored(reg);
  });

  test('a revoked key verifies nothing, even for a version it signed before revocation', async () => {
    const plugin = await buildPlugin(dir);
    const bundle = await makeBundle(dir, plugin, keys);
    const revoked = await startTestRegistry(keys, {
      keyring: new (await import('../src/trust')).KeyRing(keys.keyring.toJSON()),
    });
    revoked.context.keyring.revoke(keys.signing.fingerprint, 'laptop stolen');
    const res = await revoked.publish(bundle);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'revoked_key',
      message: expect.stringMatching(/revoked.*laptop stolen/),
    });
    await expectNothingStored(revoked);
    await revoked.cleanup();
  });

  test('a package over the size limit is refused with 413', async () => {
    const small = await startTestRegistry(keys, { maxUploadBytes: 2000 });
    const res = await small.publish(await makeBundle(dir, await buildPlugin(dir), keys));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/size limit of 2000 bytes/);
    await expectNothingStored(small);
    await small.cleanup();
  });

  test('a second publish of the same version is refused with 409 and the first stays intact', async () => {
    const plugin = await buildPlugin(dir);
    expect((await reg.publish(await makeBundle(dir, plugin, keys))).statusCode).toBe(201);
    const before = await reg.storage.getVersion(plugin.id, '1.0.0');
    const again = await reg.publish(await makeBundle(dir, plugin, keys));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already published and versions are immutable/);
    expect(await reg.storage.getVersion(plugin.id, '1.0.0')).toEqual(before);
    expect(await readdir(join(reg.artifacts.root, 'plugins', plugin.id, '1.0.0'))).toHaveLength(1);
  });

  test('a team may not publish a plugin id outside its prefixes', async () => {
    const res = await reg.publish(await makeBundle(dir, await buildPlugin(dir), keys), reg.tokens.other);
    expect(res.statusCode).toBe(403);
    expect(res.json().message).toMatch(
      /team "other" may publish plugins starting with "other-", not acme-weather-datasource/,
    );
    await expectNothingStored(reg);
  });

  test('a missing or forged token is refused with 401', async () => {
    const bundle = await makeBundle(dir, await buildPlugin(dir), keys);
    expect((await reg.publish(bundle, '')).statusCode).toBe(401);
    const forged = reg.tokens.weather!.slice(0, -4) + 'AAAA';
    const res = await reg.publish(bundle, forged);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/token is not valid/);
    await expectNothingStored(reg);
  });

  test('a certification that says failed is refused', async () => {
    const plugin = await buildPlugin(dir);
    const cert = certify(plugin, keys, { passed: false, results: [{ check: 'health', status: 'failed' }] });
    const res = await reg.publish(await makeBundle(dir, plugin, keys, { certification: cert }));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/certification did not pass \(failed: health\)/);
  });
});

describe('concurrency and crashes', () => {
  test('of two concurrent publishes of one version exactly one wins', async () => {
    const plugin = await buildPlugin(dir);
    const [a, b] = await Promise.all([
      reg.publish(await makeBundle(dir, plugin, keys)),
      reg.publish(await makeBundle(dir, plugin, keys)),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await reg.storage.listVersions(plugin.id)).toHaveLength(1);
    expect(await readdir(join(reg.artifacts.root, 'plugins', plugin.id, '1.0.0'))).toHaveLength(1);
    expect(await readdir(reg.artifacts.tmpDir)).toEqual([]);
    expect(sha256('x')).toHaveLength(64);
  });
});
