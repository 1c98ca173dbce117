import { SettingsError } from '@dsforge/backend';

import { authFromSettings, AUTH_TYPES } from './auth-from-settings';
import { settingsOf } from './test-helpers';

const names = (s: ReturnType<typeof authFromSettings>) => s.middlewares.map((m) => m.middlewareName);

describe('authFromSettings', () => {
  const oauth = { oauth2TokenUrl: 'https://idp.example/token', oauth2ClientId: 'c' };
  const secrets = {
    apiKey: 'k',
    basicAuthPassword: 'p',
    bearerToken: 't',
    oauth2ClientSecret: 's',
    password: 'p',
  };

  it.each([
    ['none', []],
    ['apiKey', ['auth.apiKey']],
    ['basic', ['auth.basic']],
    ['bearer', ['auth.bearer']],
    ['oauth2ClientCredentials', ['auth.oauth2ClientCredentials']],
    ['oauth2TokenExchange', ['auth.oauth2TokenExchange']],
    ['login', ['auth.loginToken']],
  ])('authType %s picks %j', (authType, expected) => {
    const settings = settingsOf({ user: 'u', basicAuthUser: 'u', jsonData: { authType, ...oauth }, secrets });
    expect(names(authFromSettings(settings))).toEqual(expected);
  });

  it('puts custom headers first, outside the provider', () => {
    const settings = settingsOf({ jsonData: { authType: 'bearer', httpHeaderName1: 'X-Org' }, secrets });
    expect(names(authFromSettings(settings))).toEqual(['auth.customHeaders', 'auth.bearer']);
  });

  it("falls back to Grafana's basic-auth switch, then none, when authType is unset", () => {
    expect(
      authFromSettings(settingsOf({ basicAuthEnabled: true, basicAuthUser: 'u', secrets })).authType,
    ).toBe('basic');
    expect(authFromSettings(settingsOf({})).authType).toBe('none');
  });

  it('lists the valid auth types for an unknown one', () => {
    const attempt = () => authFromSettings(settingsOf({ jsonData: { authType: 'kerberos' } }));
    expect(attempt).toThrow(SettingsError);
    expect(attempt).toThrow(
      `jsonData.authType "kerberos" is not a known authentication type; use one of ${AUTH_TYPES.join(', ')}.`,
    );
  });

  it('returns TLS options for any auth type and requires the client certificate for mtls', () => {
    const skip = settingsOf({ jsonData: { authType: 'bearer', tlsSkipVerify: true }, secrets });
    expect(authFromSettings(skip).tls).toEqual({ rejectUnauthorized: false });
    expect(authFromSettings(settingsOf({ jsonData: { authType: 'bearer' }, secrets })).tls).toBeUndefined();
    expect(() => authFromSettings(settingsOf({ jsonData: { authType: 'mtls' } }))).toThrow(
      /tlsClientCert is empty/,
    );
  });

  it('an explicit authType option wins over jsonData', () => {
    const settings = settingsOf({ jsonData: { authType: 'basic' }, secrets });
    expect(authFromSettings(settings, { authType: 'apiKey' }).authType).toBe('apiKey');
  });
});
