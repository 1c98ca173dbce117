/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { formatDetailValue, HealthDetails, normaliseDetails } from './HealthDetails';

describe('HealthDetails', () => {
  it('normalises details from JSON text, objects and scalars', () => {
    expect(normaliseDetails('{"uid":"a"}')).toEqual({ uid: 'a' });
    expect(normaliseDetails('not json')).toEqual({ details: 'not json' });
    expect(normaliseDetails({})).toBeUndefined();
    expect(normaliseDetails(undefined)).toBeUndefined();
    expect(formatDetailValue({ a: 1 })).toBe('{"a":1}');
    expect(formatDetailValue(null)).toBe('—');
  });

  it('shows the message and each detail, with the raw JSON behind a toggle', async () => {
    render(
      <HealthDetails
        status="ERROR"
        message="got response code 401 from /v1/users: check the API key"
        details={{ endpoint: '/v1/users', status: 401, latencyMs: 85 }}
      />,
    );
    expect(screen.getByText(/got response code 401/)).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /endpoint \/v1\/users/ })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /latencyMs 85/ })).toBeInTheDocument();
    expect(screen.queryByText(/"latencyMs": 85/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByText('Raw details'));
    expect(screen.getByText(/"latencyMs": 85/)).toBeInTheDocument();
  });
});
