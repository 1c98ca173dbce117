/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { SecretField } from './SecretField';

describe('SecretField', () => {
  it('shows a stored secret as configured without its value, and Reset clears it as Grafana expects', async () => {
    const view = renderConfig(SecretField, makeSettings({}, { secureJsonFields: { apiKey: true } }), {
      label: 'API key',
      secretKey: 'apiKey' as const,
    });
    const input = screen.getByLabelText('API key');
    expect(input).toHaveValue('configured');
    expect(input).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(view.latest().secureJsonFields.apiKey).toBe(false);
    expect(view.latest().secureJsonData?.apiKey).toBe('');
    await userEvent.type(screen.getByLabelText('API key'), 'new-key');
    expect(view.latest().secureJsonData?.apiKey).toBe('new-key');
  });

  it('uses a text area for PEM secrets', () => {
    renderConfig(SecretField, makeSettings(), {
      label: 'Client key',
      secretKey: 'tlsClientKey' as const,
      multiline: true,
    });
    expect(screen.getByLabelText('Client key').tagName).toBe('TEXTAREA');
  });
});
