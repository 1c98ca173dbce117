/**
 * Certificates for the mTLS listener, generated at start with the `openssl` CLI into a temp dir
 * (removed afterwards): a CA, a server certificate for `127.0.0.1`/`localhost` and a client
 * certificate, all EC P-256 and valid for two days. Nothing is stored in the repository.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What a client needs to talk to the mTLS listener (all PEM text). */
export interface MtlsMaterial {
  /** CA certificate that signed both the server and the client certificate. */
  ca: string;
  /** Client certificate the listener accepts. */
  clientCert: string;
  /** Private key of `clientCert`. */
  clientKey: string;
  /** `https://127.0.0.1:<port>` of the mTLS listener. */
  serverUrl: string;
}

/** Server side of the generated material. */
export interface GeneratedCertificates {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(bin: string, args: string[], cwd: string): Promise<void> {
  try {
    await run(bin, args, { cwd });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new Error(
        `mockUpstream({ mtls: true }) needs the openssl CLI (${bin}) to generate its certificates; ` +
          'install it (Debian/Ubuntu: apt-get install openssl) or run without mtls',
        { cause: e },
      );
    }
    throw new Error(
      `openssl ${args[0]} failed while generating mock certificates: ${err.stderr ?? err.message}`,
      { cause: e },
    );
  }
}

/** Generates a CA, a server and a client certificate with the openssl CLI (`bin`, default from PATH). */
export async function generateCertificates(bin = 'openssl'): Promise<GeneratedCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'dsforge-mock-tls-'));
  try {
    // prettier-ignore
    await openssl(
      bin,
      [
        'req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2',
        '-subj', '/CN=dsforge mock upstream CA',
        '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      ],
      dir,
    );
    await leaf(
      bin,
      dir,
      'server',
      '/CN=localhost',
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    await leaf(bin, dir, 'client', '/CN=dsforge mock client', 'extendedKeyUsage=clientAuth\n');
    const read = (f: string) => readFile(join(dir, f), 'utf8');
    return {
      ca: await read('ca.crt'),
      serverCert: await read('server.crt'),
      serverKey: await read('server.key'),
      clientCert: await read('client.crt'),
      clientKey: await read('client.key'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Key, CSR and CA-signed certificate `<name>.crt` with the given extensions. */
async function leaf(bin: string, dir: string, name: string, subject: string, ext: string): Promise<void> {
  await writeFile(join(dir, `${name}.ext`), ext);
  await openssl(bin, ['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  // prettier-ignore
  await openssl(
    bin,
    [
      'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial',
      String(Date.now()) + (name === 'server' ? '1' : '2'), '-days', '2', '-out', `${name}.crt`,
      '-extfile', `${name}.ext`,
    ],
    dir,
  );
}
