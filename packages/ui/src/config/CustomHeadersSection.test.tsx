/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { CustomHeadersSection } from './CustomHeadersSection';

describe('CustomHeadersSection', () => {
  it('adds a header with a secret value', async () => {
    const view = renderConfig(CustomHeadersSection, makeSettings());
    await userEvent.click(screen.getByRole('button', { name: /Add header/ }));
    await userEvent.type(screen.getByLabelText('Header 1 name'), 'X-Org');
    await userEvent.type(screen.getByLabelText('Header 1 value'), '42');
    expect(view.latest().jsonData.httpHeaderName1).toBe('X-Org');
    expect(view.latest().secureJsonData).toEqual({ httpHeaderValue1: '42' });
  });

  it('shows stored values as configured and removes a header with its value', async () => {
    const view = renderConfig(
      CustomHeadersSection,
      makeSettings({ httpHeaderName2: 'X-Tenant' }, { secureJsonFields: { httpHeaderValue2: true } }),
    );
    expect(screen.getByLabelText('Header 2 value')).toHaveValue('configured');
    await userEvent.click(screen.getByRole('button', { name: 'Remove header 2' }));
    expect(view.latest().jsonData.httpHeaderName2).toBeUndefined();
    expect(view.latest().secureJsonFields.httpHeaderValue2).toBe(false);
    expect(screen.queryByLabelText('Header 2 name')).not.toBeInTheDocument();
  });
});
