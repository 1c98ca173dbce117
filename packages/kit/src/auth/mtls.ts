/**
 * TLS settings for the upstream connection from Grafana's TLS fields: client certificate and key
 * for mTLS, a private CA, "skip TLS verify" and a server name. The result is the `tls` option of
 * the upstream's `createFetch` (Node `tls.connect` options). Every PEM is parsed here, when the
 * datasource instance is created, so a bad paste shows up as a sentence naming the field rather
 * than as a handshake error on every query; the PEM text itself never appears in a message.
 * @module
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';

import { SettingsError } from '@dsforge/backend';

import { jsonBool, jsonString, secretValue, type AuthSettings } from './settings-read';

/** TLS options for `createFetch({ tls })`: Node `tls.connect` option names. */
export interface AuthTlsOptions {
  cert?: string;
  key?: string;
  ca?: string;
  /** false when jsonData `tlsSkipVerify` is true. */
  rejectUnauthorized?: boolean;
  /** jsonData `serverName`: SNI and the name the server certificate must carry. */
  servername?: string;
}

/** Grafana's secureJsonData keys for TLS. */
export const TLS_SECRET_KEYS = {
  clientCert: 'tlsClientCert',
  clientKey: 'tlsClientKey',
  caCert: 'tlsCACert',
} as const;

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Provisioning files and env-templated secrets often carry PEM with literal `\n` sequences
 * instead of line breaks; OpenSSL cannot read that, so turn them back into line breaks.
 */
function normalisePem(pem: string): string {
  const text = !pem.includes('\n') && pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  return text.trim() + '\n';
}

function badPem(key: string, expected: string, why?: string): SettingsError {
  return new SettingsError(
    `secureJsonData.${key} is not a valid ${expected}${why ? ` (${why})` : ''}. ` +
      `Paste the whole PEM text, including the -----BEGIN ...----- and -----END ...----- lines.`,
  );
}

/** Parses every certificate in a PEM bundle; throws a SettingsError naming `key` when one fails. */
function checkCertificates(pem: string, key: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw badPem(key, 'PEM certificate', 'no -----BEGIN CERTIFICATE----- block found');
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw badPem(
        key,
        'PEM certificate',
        blocks.length > 1 ? `certificate ${i + 1} of ${blocks.length} cannot be read` : 'it cannot be read',
      );
    }
  });
}

function checkKey(pem: string, key: string): KeyObject {
  if (/ENCRYPTED/.test(pem)) {
    throw new SettingsError(
      `secureJsonData.${key} is an encrypted private key; paste the unencrypted PEM key instead.`,
    );
  }
  try {
    return createPrivateKey(pem);
  } catch {
    throw badPem(key, 'PEM private key', 'it cannot be read');
  }
}

/** Options for {@link tlsOptionsFromSettings}. */
export interface TlsFromSettingsOptions {
  /** Fail when no client certificate and key are set (what {@link mtls} does). Default false. */
  requireClientCert?: boolean;
}

/**
 * TLS options from Grafana's TLS settings, or undefined when none is set.
 *
 * Reads, with Grafana's names:
 * 1. secrets `tlsClientCert` + `tlsClientKey` (mTLS), unless jsonData `tlsAuth` is `false`;
 * 2. secret `tlsCACert` (private CA, one or more certificates), unless jsonData
 *    `tlsAuthWithCACert` is `false`;
 * 3. jsonData `tlsSkipVerify: true` → `rejectUnauthorized: false`;
 * 4. jsonData `serverName` → `servername`.
 *
 * Throws `SettingsError` naming the field when a PEM cannot be parsed, only one of certificate
 * and key is set, the key does not belong to the certificate, or (with `requireClientCert`) the
 * client certificate is missing. Messages never contain PEM text.
 *
 * @example
 * const fetch = createFetch({ baseUrl: settings.url, tls: tlsOptionsFromSettings(settings) });
 */
export function tlsOptionsFromSettings(
  settings: AuthSettings,
  opts: TlsFromSettingsOptions = {},
): AuthTlsOptions | undefined {
  const out: AuthTlsOptions = {};
  const { clientCert: certKey, clientKey: keyKey, caCert: caKey } = TLS_SECRET_KEYS;
  const useClient = jsonBool(settings, 'tlsAuth') !== false || opts.requireClientCert === true;
  const certPem = useClient ? secretValue(settings, certKey) : undefined;
  const keyPem = useClient ? secretValue(settings, keyKey) : undefined;
  if (certPem !== undefined || keyPem !== undefined || opts.requireClientCert) {
    if (certPem === undefined || keyPem === undefined) {
      const missing = certPem === undefined ? certKey : keyKey;
      throw new SettingsError(
        `mTLS needs both a client certificate and its private key, but secureJsonData.${missing} is empty. ` +
          "Set it under TLS/SSL Auth Details on the datasource's settings page.",
      );
    }
    const cert = normalisePem(certPem);
    const key = normalisePem(keyPem);
    const [leaf] = checkCertificates(cert, certKey);
    const keyObject = checkKey(key, keyKey);
    if (leaf && !leaf.checkPrivateKey(keyObject)) {
      throw new SettingsError(
        `secureJsonData.${keyKey} is not the private key of the certificate in secureJsonData.${certKey}; paste the matching pair.`,
      );
    }
    out.cert = cert;
    out.key = key;
  }
  const caPem = jsonBool(settings, 'tlsAuthWithCACert') !== false ? secretValue(settings, caKey) : undefined;
  if (caPem !== undefined) {
    const ca = normalisePem(caPem);
    checkCertificates(ca, caKey);
    out.ca = ca;
  }
  if (jsonBool(settings, 'tlsSkipVerify') === true) out.rejectUnauthorized = false;
  const serverName = jsonString(settings, 'serverName');
  if (serverName !== undefined) out.servername = serverName;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * TLS options for mutual TLS: like {@link tlsOptionsFromSettings} but the client certificate
 * and key are required (SettingsError naming the missing one otherwise).
 *
 * @example
 * const fetch = createFetch({ baseUrl: settings.url, tls: mtls(settings) });
 */
export function mtls(settings: AuthSettings): AuthTlsOptions {
  return tlsOptionsFromSettings(settings, { requireClientCert: true }) as AuthTlsOptions;
}
