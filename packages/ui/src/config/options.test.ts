import { makeSettings } from '../../test/config-harness';
import { isSecretConfigured, parseNumberInput, withJsonData, withSecret, withSecretReset } from './options';

describe('settings updates', () => {
  it('merges a jsonData patch and keeps the other keys', () => {
    const s = withJsonData(makeSettings({ timeout: 10, apiKeyHeader: 'X-Key' }), { timeout: 20 });
    expect(s.jsonData).toEqual({ timeout: 20, apiKeyHeader: 'X-Key' });
  });

  it('removes a jsonData key patched to undefined, so the kit default applies', () => {
    const s = withJsonData(makeSettings({ timeout: 10 }), { timeout: undefined });
    expect('timeout' in s.jsonData).toBe(false);
  });

  it('writes a secret into secureJsonData only', () => {
    const s = withSecret(makeSettings(), 'apiKey', 'k-123');
    expect(s.secureJsonData).toEqual({ apiKey: 'k-123' });
    expect(s.jsonData).toEqual({});
  });

  it('resets a stored secret the way Grafana deletes it on save', () => {
    const s = withSecretReset(
      makeSettings({}, { secureJsonFields: { apiKey: true, bearerToken: true } }),
      'apiKey',
    );
    expect(s.secureJsonFields).toEqual({ apiKey: false, bearerToken: true });
    expect(s.secureJsonData).toEqual({ apiKey: '' });
    expect(isSecretConfigured(s, 'apiKey')).toBe(false);
    expect(isSecretConfigured(s, 'bearerToken')).toBe(true);
  });

  it('reads number inputs: empty is unset, junk is NaN', () => {
    expect(parseNumberInput(' ')).toBeUndefined();
    expect(parseNumberInput('2.5')).toBe(2.5);
    expect(parseNumberInput('abc')).toBeNaN();
  });
});
