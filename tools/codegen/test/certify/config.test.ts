import { createHash } from 'node:crypto';

import { parseCertifyConfig } from '../../src/certify/config';
import { fuzzQueries, fuzzSettings } from '../../src/certify/fuzz';

const minimal = {
  auth: { type: 'none', reason: 'public API' },
  upstream: { routes: { 'GET /api/items': { body: [] } } },
  queries: [{ name: 'items', json: { path: '/api/items' } }],
};

describe('certify.config.json', () => {
  it('fills in the defaults', () => {
    const r = parseCertifyConfig(minimal);
    expect(r.ok && r.config).toMatchObject({
      timeoutMs: 30_000,
      responseLimitBytes: 64 * 1024 * 1024,
      hugeResponseBytes: 1024 ** 3,
      fuzz: { queries: 300, settings: 40 },
      settings: { jsonData: {}, secureJsonData: {} },
    });
  });

  it('says what to write for every problem', () => {
    const r = parseCertifyConfig({
      auth: { type: 'apiKey', valid: {}, invalid: { apiKey: 'x' } },
      settings: { jsonData: { token: 'the-valid-secret' } },
      upstream: { routes: { '/api/items': {} } },
      queries: [{ name: 'q', json: {}, route: 'GET /nope' }],
      timeoutMs: -1,
    });
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'auth.valid',
        'upstream.routes["/api/items"]',
        'queries[0].route',
        'timeoutMs',
      ]),
    );
  });

  it('refuses a secret in jsonData', () => {
    const r = parseCertifyConfig({
      ...minimal,
      auth: { type: 'apiKey', valid: { apiKey: 'the-valid-secret' }, invalid: { apiKey: 'wrong' } },
      settings: { jsonData: { apiKey: 'the-valid-secret' } },
    });
    expect(r.ok ? [] : r.problems).toEqual([
      { field: 'settings.jsonData', message: expect.stringContaining('secureJsonData only') },
    ]);
  });

  it('needs a reason when the plugin has no auth or no upstream', () => {
    const r = parseCertifyConfig({ ...minimal, auth: { type: 'none' }, upstream: {} });
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['auth.reason', 'upstream.routes']);
  });
});

describe('generated bad input', () => {
  const samples = [{ json: { path: '/api/items', limit: 10 } }];

  it('is the same for the same seed and different for another', () => {
    const digest = (seed: number) =>
      createHash('sha256')
        .update(JSON.stringify(fuzzQueries(samples, 50, seed)))
        .digest('hex');
    expect(digest(1)).toBe(digest(1));
    expect(digest(2)).not.toBe(digest(1));
  });

  it('covers wrong types, removed and extra fields, invalid JSON text and odd query fields', () => {
    const hows = fuzzQueries(samples, 300, 7)
      .map((q) => q.how)
      .join('\n');
    for (const kind of [
      'replaced',
      'removed',
      'extra field',
      'invalid JSON text',
      'deeply nested',
      'odd time range',
      'odd queryType',
    ])
      expect(hows).toContain(kind);
  });

  it('generates settings with broken jsonData, URLs and secrets, never a routable host', () => {
    const s = fuzzSettings(
      { jsonData: { timeout: 1 }, secrets: { apiKey: 'k' }, url: 'http://127.0.0.1:9' },
      100,
      3,
    );
    expect(s.some((x) => x.how.includes('jsonData'))).toBe(true);
    expect(s.some((x) => x.how.includes('secrets replaced'))).toBe(true);
    for (const x of s) expect(x.url).not.toMatch(/:\/\/(?!127\.0\.0\.1|\[::1)[a-z0-9]/i);
  });
});
