import { join } from 'node:path';

import { readSchema } from '../schema';
import { sampleQueries } from './mocks';

const ROOT = join(__dirname, '../../../..');

describe('sample queries (what the generated tests and certify run per query type)', () => {
  it("fills required range ends with the dashboard's time range, as a user would", async () => {
    const model = await readSchema(join(ROOT, 'examples/schemas/orders.openapi.yaml'));
    const stats = sampleQueries(model.operations.filter((o) => o.id === 'getOrderStats'))[0]!;
    // One example date for both ends would ask the API for an empty range (the sample server
    // answers 400 "from must be before to").
    expect(stats.params).toEqual({ from: '$__timeFrom', to: '$__timeTo' });
  });

  it('takes path parameters from the spec examples, else the schema', async () => {
    const model = await readSchema(join(ROOT, 'examples/schemas/orders.openapi.yaml'));
    const byId = Object.fromEntries(
      sampleQueries(model.operations.filter((o) => o.isQuery)).map((q) => [q.operationId, q]),
    );
    expect(byId.getCustomer?.params).toEqual({ customerId: 'cus_0001' });
    expect(byId.listOrders?.params).toEqual({}); // nothing required
  });
});
