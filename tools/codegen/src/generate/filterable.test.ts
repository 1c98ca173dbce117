import { join } from 'node:path';

import { readSchema } from '../schema';
import { filterableFields } from './filterable';

const ROOT = join(__dirname, '../../../..');

describe('filterable fields', () => {
  it('offers the orders list filters: fields with a same-named parameter first, then the other scalars', async () => {
    const model = await readSchema(join(ROOT, 'examples/schemas/orders.openapi.yaml'));
    const op = (id: string) => model.operations.find((o) => o.id === id)!;
    const list = filterableFields(op('listOrders'))!;
    expect(list.slice(0, 2)).toEqual(['status', 'customer_id']);
    expect(list).toContain('customer.name');
    expect(list).not.toContain('items'); // nested JSON is not filterable
    expect(list).not.toContain('cursor');
  });

  it('offers nothing for single-object reads and lists without a filtering parameter', async () => {
    const model = await readSchema(join(ROOT, 'examples/schemas/orders.openapi.yaml'));
    const op = (id: string) => model.operations.find((o) => o.id === id)!;
    expect(filterableFields(op('getOrder'))).toBeUndefined();
    expect(filterableFields(op('listOrdersSlow'))).toBeUndefined();
  });
});
