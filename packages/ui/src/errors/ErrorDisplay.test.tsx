/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ErrorDisplay, retryHint } from './ErrorDisplay';
import type { DsforgeErrorInfo } from './readDsforgeError';

const info = (over: Partial<DsforgeErrorInfo>): DsforgeErrorInfo => ({
  category: 'timeout',
  label: 'Timed out',
  message: 'Query took too long.',
  retryable: true,
  structured: true,
  ...over,
});

describe('ErrorDisplay', () => {
  it('shows label, message, suggestion, correlation id, and details behind a toggle', async () => {
    const frames = [
      {
        refId: 'A',
        fields: [],
        meta: {
          custom: {
            dsforgeError: {
              v: 1,
              category: 'authentication_failed',
              message: 'Datasource authentication failed. Credentials might be expired.',
              suggestion: 'Contact an admin to refresh them.',
              retryable: false,
              correlationId: 'req-42',
              details: { upstreamStatus: 401 },
            },
          },
        },
      },
    ];
    render(<ErrorDisplay source={frames} />);
    expect(screen.getByText('Authentication failed')).toBeInTheDocument();
    expect(screen.getByText(/Credentials might be expired/)).toBeInTheDocument();
    expect(screen.getByText('Contact an admin to refresh them.')).toBeInTheDocument();
    expect(screen.getByText('req-42')).toBeInTheDocument();
    expect(screen.queryByLabelText('Error details')).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('Details'));
    expect(screen.getByLabelText('Error details')).toHaveTextContent('"upstreamStatus": 401');
  });

  it('tells when a rate-limited or circuit-open query is retried', () => {
    expect(retryHint(info({ category: 'rate_limited', retryAfterMs: 12_500 }))).toBe('Retrying in 13 s.');
    expect(retryHint(info({ category: 'circuit_open', retryAfterMs: 200 }))).toBe('Retrying in 1 s.');
    expect(retryHint(info({ category: 'timeout', retryAfterMs: 1000 }))).toBeUndefined();
    render(
      <ErrorDisplay
        error={info({ category: 'circuit_open', label: 'Temporarily unavailable', retryAfterMs: 5000 })}
      />,
    );
    expect(screen.getByText('Retrying in 5 s.')).toBeInTheDocument();
  });

  it('renders nothing without an error', () => {
    const { container } = render(<ErrorDisplay source={{ series: [], errors: [] }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
