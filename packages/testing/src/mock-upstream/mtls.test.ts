/**
 * The mTLS listener: certificates generated with the openssl CLI; a client without the client
 * certificate is refused, one with it is served (and logged with `tls: true`).
 */
import { Agent, request } from 'undici';

import { mockUpstream, type MockUpstream } from './index';

let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await mockUpstream({ mtls: true });
});

afterAll(() => upstream.close());

describe('mockUpstream({ mtls: true })', () => {
  it('returns PEMs and an https URL', () => {
    const m = upstream.mtls!;
    expect(m.serverUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(m.ca).toContain('BEGIN CERTIFICATE');
    expect(m.clientCert).toContain('BEGIN CERTIFICATE');
    expect(m.clientKey).toContain('PRIVATE KEY');
  });

  it('accepts a request with the client certificate', async () => {
    const m = upstream.mtls!;
    const dispatcher = new Agent({ connect: { ca: m.ca, cert: m.clientCert, key: m.clientKey } });
    try {
      const res = await request(`${m.serverUrl}/ok`, { dispatcher });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toHaveLength(3);
      expect(upstream.requests.at(-1)).toMatchObject({ path: '/ok', tls: true });
    } finally {
      await dispatcher.close();
    }
  });

  it('rejects a request without the client certificate', async () => {
    const m = upstream.mtls!;
    const before = upstream.requests.length;
    const dispatcher = new Agent({ connect: { ca: m.ca } });
    try {
      await expect(request(`${m.serverUrl}/ok`, { dispatcher })).rejects.toThrow();
      expect(upstream.requests.length).toBe(before);
    } finally {
      await dispatcher.close();
    }
  });

  it('keeps the plain HTTP listener working beside it', async () => {
    expect((await fetch(`${upstream.url}/ok`)).status).toBe(200);
  });

  it('says what to install when the openssl CLI is missing', async () => {
    await expect(mockUpstream({ mtls: true, openssl: '/nonexistent/openssl' })).rejects.toThrow(
      'mockUpstream({ mtls: true }) needs the openssl CLI (/nonexistent/openssl) to generate its certificates',
    );
  });
});
