/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { UrlField, urlProblem } from './UrlField';

describe('UrlField', () => {
  it('accepts http and https URLs and explains everything else', () => {
    expect(urlProblem('https://api.example.com/v1')).toBeUndefined();
    expect(urlProblem('')).toMatch(/required/);
    expect(urlProblem('api.example.com')).toMatch(/absolute URL/);
    expect(urlProblem('ftp://x')).toMatch(/http:\/\/ or https:\/\//);
  });

  it('saves what the user types into the top-level url setting', async () => {
    const view = renderConfig(UrlField, makeSettings());
    expect(screen.getByText(/The URL is required/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('URL'), 'https://orders.example.com');
    expect(view.latest().url).toBe('https://orders.example.com');
    expect(screen.queryByText(/The URL is required/)).not.toBeInTheDocument();
  });
});
