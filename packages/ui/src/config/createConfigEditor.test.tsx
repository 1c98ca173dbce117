/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { createConfigEditor } from './createConfigEditor';

describe('createConfigEditor', () => {
  it('composes connection, auth, headers and advanced sections', async () => {
    const ConfigEditor = createConfigEditor({
      authTypes: ['apiKey'],
      urlPlaceholder: 'https://orders.example.com',
    });
    const view = renderConfig(ConfigEditor, makeSettings());
    for (const title of ['Connection', 'Authentication', 'Custom HTTP headers', 'Advanced']) {
      expect(screen.getByRole('region', { name: title })).toBeInTheDocument();
    }
    expect(screen.getByPlaceholderText('https://orders.example.com')).toBeInTheDocument();
    // A new datasource starts on the API's auth type.
    expect(screen.getByLabelText('API key')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('URL'), 'https://o.example.com');
    await userEvent.type(screen.getByLabelText('Timeout'), '5');
    expect(view.latest()).toMatchObject({ url: 'https://o.example.com', jsonData: { timeout: 5 } });
  });

  it('leaves out hidden sections and renders extra settings', () => {
    const ConfigEditor = createConfigEditor({
      hide: ['headers', 'cache', 'limits'],
      extra: () => <p>Team settings</p>,
    });
    renderConfig(ConfigEditor, makeSettings());
    expect(screen.queryByRole('region', { name: 'Custom HTTP headers' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Cache TTL')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Timeout')).toBeInTheDocument();
    expect(screen.getByText('Team settings')).toBeInTheDocument();
  });
});

describe('a new datasource', () => {
  it('stores the preselected auth type, since the kit would otherwise use none', () => {
    const ConfigEditor = createConfigEditor({ authTypes: ['bearer', 'apiKey'] });
    const view = renderConfig(ConfigEditor, makeSettings());
    expect(view.latest().jsonData.authType).toBe('bearer');
  });

  it('keeps a legacy datasource on basic auth when Grafana basicAuth is on', () => {
    const ConfigEditor = createConfigEditor();
    const view = renderConfig(ConfigEditor, makeSettings({}, { basicAuth: true, basicAuthUser: 'u' }));
    expect(view.latest().jsonData.authType).toBe('basic');
    expect(screen.getByLabelText('User')).toHaveValue('u');
  });
});
