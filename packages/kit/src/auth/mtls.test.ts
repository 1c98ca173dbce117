/**
 * mTLS against the mock upstream's HTTPS listener, which requires a client certificate signed by
 * a CA the mock generates at start with the `openssl` CLI (see @dsforge/testing's mock upstream).
 */
import { generateKeyPairSync } from 'node:crypto';

import { SettingsError } from '@dsforge/backend';
import { mockUpstream, type MockUpstream } from '@dsforge/testing';

import { isDsError } from '../errors';
import { createUpstream } from '../upstream';
import { authFromSettings } from './auth-from-settings';
import { mtls, tlsOptionsFromSettings } from './mtls';
import { request, settingsOf } from './test-helpers';

let upstream: MockUpstream;
let pem: NonNullable<MockUpstream['mtls']>;

beforeAll(async () => {
  upstream = await mockUpstream({ mtls: true });
  pem = upstream.mtls!;
});
afterAll(() => upstream.close());

async function get(secrets: Record<string, string>, jsonData: Record<string, unknown> = {}) {
  const settings = settingsOf({ url: pem.serverUrl, jsonData, secrets });
  const auth = authFromSettings(settings);
  const fetch = createUpstream(settings, { middlewares: auth.middlewares, tls: auth.tls });
  try {
    return await fetch(request('/ok'));
  } finally {
    await fetch.close();
  }
}

describe('mTLS', () => {
  it('the listener accepts a request with the client certificate from the settings', async () => {
    const res = await get(
      { tlsClientCert: pem.clientCert, tlsClientKey: pem.clientKey, tlsCACert: pem.ca },
      { authType: 'mtls' },
    );
    expect(res.status).toBe(200);
  });

  it('the listener rejects a request without the client certificate', async () => {
    const before = upstream.tlsRejections;
    let error: unknown;
    try {
      await get({ tlsCACert: pem.ca });
    } catch (err) {
      error = err;
    }
    expect(isDsError(error)).toBe(true);
    expect(upstream.tlsRejections).toBeGreaterThan(before);
  });

  it('the server certificate is not trusted without the CA from the settings', async () => {
    await expect(get({ tlsClientCert: pem.clientCert, tlsClientKey: pem.clientKey })).rejects.toMatchObject({
      category: expect.any(String),
    });
  });
});

describe('tlsOptionsFromSettings', () => {
  it("reads Grafana's TLS fields", () => {
    const settings = settingsOf({
      jsonData: { tlsSkipVerify: true, serverName: 'api.internal' },
      secrets: { tlsClientCert: pem.clientCert, tlsClientKey: pem.clientKey, tlsCACert: pem.ca },
    });
    expect(tlsOptionsFromSettings(settings)).toEqual({
      cert: pem.clientCert.trim() + '\n',
      key: pem.clientKey.trim() + '\n',
      ca: pem.ca.trim() + '\n',
      rejectUnauthorized: false,
      servername: 'api.internal',
    });
  });

  it('is undefined when nothing is set, and leaves the client cert out when tlsAuth is false', () => {
    expect(tlsOptionsFromSettings(settingsOf({}))).toBeUndefined();
    const off = settingsOf({
      jsonData: { tlsAuth: false },
      secrets: { tlsClientCert: 'x', tlsClientKey: 'y' },
    });
    expect(tlsOptionsFromSettings(off)).toBeUndefined();
  });

  it('turns literal \\n sequences from provisioning files into line breaks', () => {
    const flat = (s: string) => s.trim().replace(/\n/g, '\\n');
    const settings = settingsOf({ secrets: { tlsCACert: flat(pem.ca) } });
    expect(tlsOptionsFromSettings(settings)?.ca).toBe(pem.ca.trim() + '\n');
  });

  it('names the field of a bad PEM, never its content', () => {
    const garbage = 'canary-s3cr3t-not-a-pem';
    const attempt = () =>
      tlsOptionsFromSettings(
        settingsOf({ secrets: { tlsClientCert: garbage, tlsClientKey: pem.clientKey } }),
      );
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(/secureJsonData.tlsClientCert is not a valid PEM certificate/);
    expect(attempt).not.toThrow(new RegExp(garbage));
    const badKey = () =>
      tlsOptionsFromSettings(
        settingsOf({
          secrets: {
            tlsClientCert: pem.clientCert,
            tlsClientKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
          },
        }),
      );
    expect(badKey).toThrow(/secureJsonData.tlsClientKey is not a valid PEM private key/);
    const badCa = () =>
      tlsOptionsFromSettings(
        settingsOf({
          secrets: { tlsCACert: `${pem.ca}\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----` },
        }),
      );
    expect(badCa).toThrow(
      /secureJsonData.tlsCACert is not a valid PEM certificate \(certificate 2 of 2 cannot be read\)/,
    );
  });

  it('refuses a key that does not belong to the certificate, and a certificate without a key', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() =>
      tlsOptionsFromSettings(settingsOf({ secrets: { tlsClientCert: pem.clientCert, tlsClientKey: other } })),
    ).toThrow(/tlsClientKey is not the private key of the certificate in secureJsonData.tlsClientCert/);
    expect(() => tlsOptionsFromSettings(settingsOf({ secrets: { tlsClientCert: pem.clientCert } }))).toThrow(
      /secureJsonData.tlsClientKey is empty/,
    );
  });

  it('mtls() requires the client certificate', () => {
    expect(() => mtls(settingsOf({ secrets: { tlsCACert: pem.ca } }))).toThrow(
      /secureJsonData.tlsClientCert is empty/,
    );
  });
});
