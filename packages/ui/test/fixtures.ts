import type { QueryEditorSchema, SchemaQuery } from '../src/types';

/** A schema like the generator emits for the "orders" example API. */
export const ordersSchema: QueryEditorSchema = {
  operations: [
    {
      id: 'listOrders',
      label: 'List orders',
      description: 'Orders in a time range, newest first.',
      params: [
        { name: 'status', in: 'query', type: 'enum', enum: ['open', 'paid', 'shipped', 'cancelled'] },
        { name: 'limit', in: 'query', type: 'integer', default: 100, description: 'Page size.' },
        { name: 'region', in: 'query', type: 'array', enum: ['eu', 'us', 'apac'] },
        { name: 'includeItems', in: 'query', type: 'boolean' },
      ],
      fields: [
        'data.items.id',
        'data.items.createdAt',
        'data.items.total',
        'data.items.status',
        'data.items.customer.name',
      ],
      filterable: ['data.items.status', 'data.items.total'],
    },
    {
      id: 'getOrder',
      label: 'Get order',
      params: [{ name: 'orderId', in: 'path', type: 'string', required: true, description: 'Order id.' }],
      fields: ['id', 'total', 'status'],
    },
    {
      id: 'searchCustomers',
      label: 'Search customers',
      description: 'POST /customers/search',
      params: [
        { name: 'query', in: 'body', type: 'object', required: true },
        { name: 'minSpend', in: 'body', type: 'number' },
      ],
      fields: ['customers.name', 'customers.spend'],
    },
  ],
};

/** A query on `listOrders`. */
export function ordersQuery(over: Partial<SchemaQuery> = {}): SchemaQuery {
  return { refId: 'A', operationId: 'listOrders', params: { limit: 100 }, ...over };
}
