/** @jest-environment jsdom */
import '@testing-library/jest-dom';
import { LoadingState, type PanelData } from '@grafana/data';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { ordersQuery, ordersSchema } from '../../test/fixtures';
import { renderQueryEditor } from '../../test/query-harness';
import { createQueryEditor, defaultQuery } from './createQueryEditor';

const QueryEditor = createQueryEditor(ordersSchema, { codeEditor: 'textarea' });

async function choose(label: string, option: string): Promise<void> {
  await userEvent.click(screen.getByLabelText(label));
  await userEvent.click(await screen.findByText(option));
}

describe('QueryEditor builder', () => {
  it('lists exactly the schema operations', async () => {
    renderQueryEditor(QueryEditor, { refId: 'A', operationId: '', params: {} });
    await userEvent.click(screen.getByLabelText('Operation'));
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toHaveLength(3);
    expect(options.join('|')).toMatch(/List orders.*Get order.*Search customers/);
  });

  it('switching operation shows its parameters, marks required ones and runs only once complete', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await choose('Operation', 'Get order');
    expect(view.latest()).toMatchObject({ operationId: 'getOrder', params: {} });
    expect(screen.getByText('orderId is required.')).toBeInTheDocument();
    expect(view.runs).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText('orderId'), 'o-7');
    await userEvent.tab();
    expect(view.latest().params).toEqual({ orderId: 'o-7' });
    expect(screen.queryByText('orderId is required.')).not.toBeInTheDocument();
    expect(view.runs).toHaveBeenCalledTimes(1);
  });

  it('builds typed parameter values: integers, enums, enum lists and booleans', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    const limit = screen.getByLabelText('limit');
    expect(limit).toHaveValue('100');
    await userEvent.clear(limit);
    await userEvent.type(limit, '2.5');
    expect(screen.getByText('limit must be a whole number.')).toBeInTheDocument();
    await userEvent.clear(limit);
    await userEvent.type(limit, '25');
    await choose('status', 'paid');
    await choose('region', 'apac');
    await userEvent.click(screen.getByLabelText('includeItems'));
    expect(view.latest().params).toEqual({ limit: 25, status: 'paid', region: ['apac'], includeItems: true });
    expect(view.runs).toHaveBeenCalled();
  });

  it('accepts template variables in typed parameters', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    const limit = screen.getByLabelText('limit');
    await userEvent.clear(limit);
    fireEvent.change(limit, { target: { value: '$pageSize' } });
    expect(view.latest().params.limit).toBe('$pageSize');
    expect(screen.queryByText(/limit must be/)).not.toBeInTheDocument();
  });

  it('shows the filter builder only for operations with filterable fields', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByRole('button', { name: /Add filter/ }));
    await choose('Filter 1 operator', '>');
    await userEvent.type(screen.getByLabelText('Filter 1 value'), '100');
    expect(view.latest().filters).toEqual([{ field: 'data.items.status', op: 'gt', value: '100' }]);
    await choose('Operation', 'Get order');
    expect(screen.queryByRole('button', { name: /Add filter/ })).not.toBeInTheDocument();
    expect(view.latest().filters).toBeUndefined();
  });

  it('shapes results: root path, time field and fields to keep', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByText('Result shaping'));
    await userEvent.type(screen.getByLabelText('Root path'), 'data.items');
    expect(screen.getByText(/Use a JSONPath such as/)).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Root path'));
    await userEvent.type(screen.getByLabelText('Root path'), '$.data.items');
    expect(screen.queryByText(/Use a JSONPath such as/)).not.toBeInTheDocument();
    await choose('Time field', 'data.items.createdAt');
    await choose('Fields', 'data.items.total');
    expect(view.latest()).toMatchObject({
      rootPath: '$.data.items',
      timeField: 'data.items.createdAt',
      fields: ['data.items.total'],
    });
  });

  it('flags a saved operation the API no longer has', () => {
    renderQueryEditor(QueryEditor, ordersQuery({ operationId: 'deleteOrder' }));
    expect(screen.getByText(/Operation "deleteOrder" is not in this datasource's API/)).toBeInTheDocument();
  });

  it('starts new queries on the first operation with its defaults', () => {
    expect(defaultQuery(ordersSchema)).toEqual({ operationId: 'listOrders', params: { limit: 100 } });
  });
});

describe('QueryEditor code mode', () => {
  it('shows the query as JSON and applies edits that parse', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByRole('radio', { name: 'Code' }));
    const area = screen.getByLabelText('Query JSON');
    expect(JSON.parse((area as HTMLTextAreaElement).value)).toEqual({
      operationId: 'listOrders',
      params: { limit: 100 },
    });
    fireEvent.change(area, { target: { value: '{"operationId": "getOrder", "params": {"orderId": "9"}}' } });
    expect(view.latest()).toMatchObject({ operationId: 'getOrder', params: { orderId: '9' }, rawMode: true });
    await userEvent.click(screen.getByRole('radio', { name: 'Builder' }));
    expect(view.latest().rawMode).toBe(false);
    expect(screen.getByLabelText('orderId')).toHaveValue('9');
  });

  it('lists suggestions for the cursor position and inserts the chosen one', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByRole('radio', { name: 'Code' }));
    const area = screen.getByLabelText('Query JSON') as HTMLTextAreaElement;
    const text = '{"operationId": "listOrders", "params": {"status": "';
    fireEvent.change(area, {
      target: { value: text + '"}}', selectionStart: text.length, selectionEnd: text.length },
    });
    area.setSelectionRange(text.length, text.length);
    fireEvent.select(area);
    const list = screen.getByRole('listbox', { name: 'Suggestions' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['open', 'paid', 'shipped', 'cancelled']);
    await userEvent.click(within(list).getByRole('option', { name: 'shipped' }));
    expect(view.latest().params).toEqual({ status: 'shipped' });
  });

  it('will not return to the builder with broken JSON, but can discard the changes', async () => {
    const view = renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByRole('radio', { name: 'Code' }));
    fireEvent.change(screen.getByLabelText('Query JSON'), { target: { value: '{"operationId": ' } });
    expect(screen.getByText('The query cannot run yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Builder' }));
    expect(screen.getByText('Fix the JSON to go back to the builder')).toBeInTheDocument();
    expect(view.latest().rawMode).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Discard code changes' }));
    expect(view.latest()).toMatchObject({ rawMode: false, operationId: 'listOrders' });
  });

  it('names an unknown operation in code mode', async () => {
    renderQueryEditor(QueryEditor, ordersQuery());
    await userEvent.click(screen.getByRole('radio', { name: 'Code' }));
    fireEvent.change(screen.getByLabelText('Query JSON'), {
      target: { value: '{"operationId": "x", "params": {}}' },
    });
    expect(
      screen.getByText(/Unknown operation "x"; use one of listOrders, getOrder, searchCustomers/),
    ).toBeInTheDocument();
  });
});

describe('QueryEditor errors', () => {
  it('shows the kit error of this query from the panel data', () => {
    const data = {
      state: LoadingState.Error,
      series: [
        {
          refId: 'A',
          fields: [],
          length: 0,
          meta: {
            custom: {
              dsforgeError: {
                v: 1,
                category: 'timeout',
                message: 'Query took too long.',
                suggestion: 'Reduce the time range or add filters.',
                retryable: true,
              },
            },
          },
        },
      ],
      errors: [{ refId: 'A', message: 'Query took too long.', status: 504 }],
    } as unknown as PanelData;
    renderQueryEditor(QueryEditor, ordersQuery(), data);
    expect(screen.getByText('Timed out')).toBeInTheDocument();
    expect(screen.getByText('Reduce the time range or add filters.')).toBeInTheDocument();
  });
});
