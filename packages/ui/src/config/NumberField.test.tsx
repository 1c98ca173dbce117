/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { makeSettings, renderConfig } from '../../test/config-harness';
import { CacheSection } from './CacheSection';
import { LimitsSection } from './LimitsSection';
import { numberProblem } from './NumberField';
import { TimeoutsSection } from './TimeoutsSection';

describe('numeric settings', () => {
  it('explains invalid numbers', () => {
    expect(numberProblem(Number('x'), 0, false)).toBe('Enter a number.');
    expect(numberProblem(1.5, 0, true)).toBe('Enter a whole number.');
    expect(numberProblem(0, 1, false)).toBe('Enter 1 or more.');
    expect(numberProblem(3, 1, true)).toBeUndefined();
  });

  it('saves a valid timeout in seconds and keeps the last valid value while the text is wrong', async () => {
    const view = renderConfig(TimeoutsSection, makeSettings());
    const input = screen.getByLabelText('Timeout');
    await userEvent.type(input, '15');
    expect(view.latest().jsonData.timeout).toBe(15);
    await userEvent.type(input, 'x');
    expect(screen.getByText('Enter a number.')).toBeInTheDocument();
    expect(view.latest().jsonData.timeout).toBe(15);
    await userEvent.clear(input);
    expect('timeout' in view.latest().jsonData).toBe(false);
  });

  it('cache TTL accepts 0 (cache off) but not fractions', async () => {
    const view = renderConfig(CacheSection, makeSettings());
    await userEvent.type(screen.getByLabelText('Cache TTL'), '0');
    expect(view.latest().jsonData.cacheTtlSeconds).toBe(0);
    await userEvent.type(screen.getByLabelText('Cache TTL'), '.5');
    expect(screen.getByText('Enter a whole number.')).toBeInTheDocument();
  });

  it('limits show their saved values and reject 0 concurrent requests', async () => {
    const view = renderConfig(LimitsSection, makeSettings({ maxConcurrent: 4, rateLimitPerSecond: 2.5 }));
    expect(screen.getByLabelText('Max concurrent requests')).toHaveValue('4');
    expect(screen.getByLabelText('Requests per second')).toHaveValue('2.5');
    await userEvent.clear(screen.getByLabelText('Max concurrent requests'));
    await userEvent.type(screen.getByLabelText('Max concurrent requests'), '0');
    expect(screen.getByText('Enter 1 or more.')).toBeInTheDocument();
    expect('maxConcurrent' in view.latest().jsonData).toBe(false);
  });
});
