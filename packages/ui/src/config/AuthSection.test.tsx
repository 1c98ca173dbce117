/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { AuthSection, withAuthType } from './AuthSection';

async function choose(label: string, option: string): Promise<void> {
  await userEvent.click(screen.getByLabelText(label));
  await userEvent.click(await screen.findByText(option));
}

describe('AuthSection', () => {
  it('switching the auth type keeps the other providers settings', () => {
    const start = makeSettings({ authType: 'apiKey', apiKeyHeader: 'X-Key', oauth2ClientId: 'c1' });
    const basic = withAuthType(start, 'basic');
    expect(basic.jsonData).toEqual({ authType: 'basic', apiKeyHeader: 'X-Key', oauth2ClientId: 'c1' });
    expect(basic.basicAuth).toBe(true);
    expect(withAuthType(basic, 'apiKey').basicAuth).toBe(false);
  });

  it('shows the API key editor and saves header placement settings', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'apiKey' }));
    await userEvent.type(screen.getByLabelText('API key'), 'secret-1');
    await userEvent.type(screen.getByLabelText('Header name'), 'X-Token');
    expect(view.latest().secureJsonData).toEqual({ apiKey: 'secret-1' });
    expect(view.latest().jsonData.apiKeyHeader).toBe('X-Token');
    await userEvent.click(screen.getByRole('radio', { name: 'Query parameter' }));
    expect(view.latest().jsonData.apiKeyIn).toBe('query');
    expect(screen.getByLabelText('Parameter name')).toBeInTheDocument();
    expect(screen.queryByLabelText('Header name')).not.toBeInTheDocument();
  });

  it('offers only the auth types the API supports', async () => {
    renderConfig(AuthSection, makeSettings(), { authTypes: ['apiKey' as const, 'bearer' as const] });
    await userEvent.click(screen.getByLabelText('Authentication method'));
    expect(screen.getByText('Bearer token')).toBeInTheDocument();
    expect(screen.queryByText('Mutual TLS')).not.toBeInTheDocument();
  });

  it('switches to bearer from the picker and shows its secret', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'apiKey' }));
    await choose('Authentication method', 'Bearer token');
    expect(view.latest().jsonData.authType).toBe('bearer');
    expect(screen.getByLabelText('Bearer token')).toBeInTheDocument();
  });

  it('basic auth edits Grafana own user setting and the password secret', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'basic' }, { basicAuth: true }));
    await userEvent.type(screen.getByLabelText('User'), 'svc');
    await userEvent.type(screen.getByLabelText('Password'), 'pw');
    expect(view.latest().basicAuthUser).toBe('svc');
    expect(view.latest().secureJsonData).toEqual({ basicAuthPassword: 'pw' });
  });

  it('OAuth2 client credentials flags a relative token URL', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'oauth2ClientCredentials' }));
    await userEvent.type(screen.getByLabelText('Token URL'), '/token');
    expect(screen.getByText('Enter an absolute http(s) URL.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Client ID'), 'grafana');
    await userEvent.type(screen.getByLabelText('Client secret'), 's3');
    expect(view.latest().jsonData).toMatchObject({ oauth2TokenUrl: '/token', oauth2ClientId: 'grafana' });
    expect(view.latest().secureJsonData).toEqual({ oauth2ClientSecret: 's3' });
  });

  it('token exchange warns when a forwarded OAuth token is chosen but forwarding is off', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'oauth2TokenExchange' }));
    expect(screen.queryByText('Forward OAuth Identity is off')).not.toBeInTheDocument();
    await choose('Subject token', 'OAuth access token');
    expect(view.latest().jsonData.tokenExchangeSubjectSource).toBe('accessToken');
    expect(screen.getByText('Forward OAuth Identity is off')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Forward OAuth Identity'));
    expect(view.latest().jsonData.oauthPassThru).toBe(true);
    expect(screen.queryByText('Forward OAuth Identity is off')).not.toBeInTheDocument();
  });

  it('login auth saves path, user and password', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'login' }));
    await userEvent.type(screen.getByLabelText('Login path'), '/api/auth');
    await userEvent.type(screen.getByLabelText('User name'), 'svc');
    await userEvent.type(screen.getByLabelText('Password'), 'pw');
    expect(view.latest().jsonData).toMatchObject({ loginPath: '/api/auth', loginUsername: 'svc' });
    expect(view.latest().secureJsonData).toEqual({ password: 'pw' });
  });

  it('mTLS shows configured certificates without their content', () => {
    renderConfig(
      AuthSection,
      makeSettings({ authType: 'mtls' }, { secureJsonFields: { tlsClientCert: true, tlsClientKey: true } }),
    );
    expect(screen.getByLabelText('Client certificate')).toHaveValue('configured');
    expect(screen.getByLabelText('Client key')).toHaveValue('configured');
    expect(screen.getByLabelText('CA certificate')).toHaveValue('');
  });
});

describe('TLS settings', () => {
  it('are folded away unless in use, for every auth type but mTLS', async () => {
    const view = renderConfig(AuthSection, makeSettings({ authType: 'bearer' }));
    expect(screen.queryByLabelText('Server name')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('TLS settings'));
    await userEvent.click(screen.getByLabelText('Skip TLS verify'));
    expect(view.latest().jsonData.tlsSkipVerify).toBe(true);
  });

  it('open by themselves when a CA certificate is stored', () => {
    renderConfig(
      AuthSection,
      makeSettings({ authType: 'apiKey' }, { secureJsonFields: { tlsCACert: true } }),
    );
    expect(screen.getByLabelText('CA certificate')).toHaveValue('configured');
  });
});
