import { canonicalJson } from './canonical-json';
import {
  certificationMatches,
  certifierKeyId,
  generateCertifierKey,
  signCertification,
  verifyCertification,
  type Certification,
} from './certification';

const H = (c: string) => c.repeat(64);
const doc: Certification = {
  v: 1,
  tool: 'dsforge-certify',
  toolVersion: '0.1.0',
  plugin: { id: 'acme-x-datasource', version: '1.0.0' },
  certifiedAt: '2026-11-25T10:00:00.000Z',
  seed: 123,
  files: { 'plugin.json': H('a'), gpx_x_linux_amd64: H('b'), gpx_x_linux_arm64: H('c'), 'module.js': H('d') },
  results: [
    { check: 'package', status: 'passed' },
    { check: 'auth', status: 'skipped', reason: 'no auth' },
  ],
  passed: true,
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members, so key order never changes a signature', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","z":1}]},"b":1}',
    );
    expect(() => canonicalJson({ n: NaN })).toThrow('$.n is NaN');
  });
});

describe('certification signatures', () => {
  const key = generateCertifierKey();

  it('verifies a signed certification, also after re-serialising it with other key order and spacing', () => {
    const signed = signCertification(doc, key.privateKeyPem);
    expect(signed.signature).toMatchObject({ alg: 'ed25519', keyId: key.keyId });
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(certifierKeyId(key.publicKeyPem)).toBe(key.keyId);
    const reparsed = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()), null, 2),
    );
    expect(verifyCertification(reparsed, key.publicKeyPem)).toEqual({ valid: true });
  });

  it('rejects a certification changed after signing', () => {
    const signed = signCertification(doc, key.privateKeyPem);
    const tampered = { ...signed, files: { ...signed.files, gpx_x_linux_amd64: H('e') } };
    expect(verifyCertification(tampered, key.publicKeyPem).reason).toMatch(/does not match its content/);
  });

  it('rejects a certification signed by another certifier key, naming both key ids', () => {
    const other = generateCertifierKey();
    const signed = signCertification(doc, other.privateKeyPem);
    expect(verifyCertification(signed, key.publicKeyPem).reason).toBe(
      `certification.json was signed by certifier key ${other.keyId}, not the trusted key ${key.keyId}`,
    );
  });

  it('rejects an unsigned certification and one that claims to pass with a failed check', () => {
    expect(verifyCertification(doc, key.publicKeyPem).reason).toBe('certification.json is not signed');
    const lying = signCertification(
      { ...doc, results: [{ check: 'timeouts', status: 'failed' }] },
      key.privateKeyPem,
    );
    expect(verifyCertification(lying, key.publicKeyPem).reason).toContain(
      'says passed but check "timeouts" failed',
    );
  });
});

describe('certificationMatches', () => {
  const entries = (over: Record<string, string> = {}) =>
    Object.entries({ 'plugin.json': H('a'), gpx_x_linux_amd64: H('b'), 'module.js': H('d'), ...over }).map(
      ([p, sha256]) => ({
        path: `acme-x-datasource/${p}`,
        sha256,
      }),
    );

  it('accepts a per-platform zip that carries only its own certified binary', () => {
    expect(certificationMatches(doc, entries())).toEqual({ ok: true, mismatches: [] });
  });

  it('names a binary changed after certification with both hashes', () => {
    const r = certificationMatches(doc, entries({ gpx_x_linux_amd64: H('f') }));
    expect(r).toEqual({
      ok: false,
      mismatches: [
        `gpx_x_linux_amd64 changed after certification: certified sha256 ${H('b')}, package has ${H('f')}`,
      ],
    });
  });

  it('names files that were added or removed after certification', () => {
    const e = entries({ 'evil.js': H('0') }).filter((x) => !x.path.endsWith('module.js'));
    expect(certificationMatches(doc, e).mismatches).toEqual([
      'evil.js is in the package but was not certified',
      'module.js was certified but is missing from the package',
    ]);
  });
});
