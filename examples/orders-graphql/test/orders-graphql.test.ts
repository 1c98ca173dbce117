/**
 * The GraphQL server against orders.graphql: every root field answers through the schema
 * reader's default document, Relay connections walk every row, and errors are GraphQL errors.
 */
import { generateData } from '@dsforge/example-orders-api';

import { readSchema, type ApiModel } from '../../../tools/codegen/src/schema';
import { SCHEMA_PATH, ordersSchema, startOrdersGraphql, type OrdersGraphql } from '../src';

const ANCHOR = Date.parse('2026-01-31T00:00:00Z');
interface GqlResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

let gql: OrdersGraphql;
let model: ApiModel;
beforeAll(async () => {
  model = await readSchema(SCHEMA_PATH);
  gql = await startOrdersGraphql({ data: { now: ANCHOR } });
});
afterAll(async () => {
  await gql.close();
});

async function post(
  query: string,
  variables?: Record<string, unknown>,
  target: OrdersGraphql = gql,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: GqlResult }> {
  const res = await fetch(target.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GqlResult };
}

/** Variables for each operation's required arguments (the rest keep their defaults). */
const VARIABLES: Record<string, Record<string, unknown>> = {
  orders: { first: 5, filter: { status: ['SHIPPED', 'DELIVERED'], minTotal: 10 } },
  order: { id: 'ord_1001' },
  customers: { first: 5, search: 'lovelace' },
  customer: { id: 'cus_0001' },
  orderStats: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z', interval: 'DAY' },
  search: { text: 'lovelace', limit: 10 },
  node: { id: 'ord_1002' },
  version: {},
  createOrder: {
    input: {
      customerId: 'cus_0002',
      items: [{ sku: 'SKU-RED-1', quantity: 2, unitPrice: 12.5 }],
      currency: 'EUR',
    },
  },
  cancelOrder: { id: 'ord_1003' },
};

test('the schema reader lists every Query and Mutation field as an operation', () => {
  const schema = ordersSchema();
  const fields = [
    ...Object.keys(schema.getQueryType()!.getFields()),
    ...Object.keys(schema.getMutationType()!.getFields()),
  ];
  expect(model.operations.map((o) => o.id).sort()).toEqual(fields.sort());
  expect(Object.keys(VARIABLES).sort()).toEqual(fields.sort());
});

test.each(Object.keys(VARIABLES))('the default document of %s executes without errors', async (id) => {
  const op = model.operations.find((o) => o.id === id)!;
  const res = await post(op.document!, VARIABLES[id]);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  const value = res.body.data?.[op.path];
  expect(value).not.toBeNull();
  if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
});

test('orders and customers resolve with the seeded data shared with the REST example', async () => {
  const seed = generateData({ now: ANCHOR });
  const rest = seed.orders.find((o) => o.id === 'ord_1001')!;
  const res = await post(
    '{ order(id: "ord_1001") { id number status total currency createdAt customer { id name } items { sku quantity unitPrice } } }',
  );
  expect(res.body.data?.order).toEqual({
    id: 'ord_1001',
    number: 1001,
    status: rest.status.toUpperCase(),
    total: rest.total,
    currency: rest.currency,
    createdAt: rest.created_at,
    customer: { id: rest.customer_id, name: seed.customers.find((c) => c.id === rest.customer_id)!.name },
    items: rest.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price })),
  });
  const search = await post(
    '{ search(text: "lovelace", limit: 500) { __typename ... on Customer { name } ... on Order { customer { name } } } }',
  );
  const hits = search.body.data?.search as {
    __typename: string;
    name?: string;
    customer?: { name: string };
  }[];
  expect(new Set(hits.map((h) => h.__typename))).toEqual(new Set(['Customer', 'Order']));
  for (const h of hits) expect((h.name ?? h.customer!.name).toLowerCase()).toContain('lovelace');
  expect((await post('{ node(id: "cus_0001") { __typename id } }')).body.data).toEqual({
    node: { __typename: 'Customer', id: 'cus_0001' },
  });
  expect((await post('{ order(id: "ord_9999") { id } }')).body).toEqual({ data: { order: null } });
});

describe('Relay pagination', () => {
  async function walk(
    field: string,
    args: string,
  ): Promise<{ ids: string[]; totalCount?: number; pages: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount: number | undefined;
    for (;;) {
      const res: { body: GqlResult } = await post(
        `query Page($after: String) { ${field}(${args}, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } ${field === 'orders' ? 'totalCount' : ''} } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data![field] as {
        edges: { cursor: string; node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
        totalCount?: number;
      };
      pages += 1;
      totalCount = conn.totalCount;
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(conn.pageInfo.endCursor).toBe(conn.edges[conn.edges.length - 1]!.cursor);
      ids.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) return { ids, totalCount, pages };
      after = conn.pageInfo.endCursor;
    }
  }

  test('walks all 500 orders exactly once with first/after and endCursor', async () => {
    const fresh = await startOrdersGraphql({ data: { now: ANCHOR } });
    const prev = gql;
    gql = fresh;
    try {
      const { ids, totalCount, pages } = await walk('orders', 'first: 120');
      expect(ids).toHaveLength(500);
      expect(new Set(ids).size).toBe(500);
      expect(totalCount).toBe(500);
      expect(pages).toBe(5);
    } finally {
      gql = prev;
      await fresh.close();
    }
  });

  test('walks all customers, and a filtered orders list keeps its filter across pages', async () => {
    expect((await walk('customers', 'first: 9')).ids).toHaveLength(40);
    const filtered = await post(
      '{ orders(first: 500, filter: { status: [PENDING] }) { totalCount edges { node { status } } } }',
    );
    const conn = filtered.body.data!.orders as { totalCount: number; edges: { node: { status: string } }[] };
    expect(conn.totalCount).toBeGreaterThan(0);
    expect(conn.edges.every((e) => e.node.status === 'PENDING')).toBe(true);
  });

  test("a customer's nested orders connection pages too", async () => {
    const res = await post(
      '{ customer(id: "cus_0001") { orders(first: 2) { totalCount edges { node { customer { id } } } pageInfo { hasNextPage } } } }',
    );
    const conn = (
      res.body.data!.customer as {
        orders: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } };
      }
    ).orders;
    expect(conn.edges).toHaveLength(2);
    expect(conn.pageInfo.hasNextPage).toBe(conn.totalCount > 2);
  });
});

describe('errors', () => {
  test('bad arguments are GraphQL errors naming them, with BAD_USER_INPUT', async () => {
    const first = await post('{ orders(first: 0) { totalCount } }');
    expect(first.status).toBe(200);
    expect(first.body.errors![0]).toMatchObject({
      message: 'first must be between 1 and 500, got 0',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const cursor = await post('{ orders(after: "junk!") { totalCount } }');
    expect(cursor.body.errors![0]!.message).toContain('cursor');
    const stats = await post('{ orderStats(from: "yesterday", to: "2026-01-31T00:00:00Z") { count } }');
    expect(stats.body.errors![0]!.message).toContain('from must be an ISO-8601 date-time');
  });

  test('invalid documents get validation errors; malformed requests get 400', async () => {
    expect((await post('{ orders { nope } }')).body.errors![0]!.message).toContain('nope');
    const res = await fetch(gql.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [{ message: 'query is required', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect((await post('subscription { orderCreated { id } }')).status).toBe(400);
  });

  test('GET serves queries (introspection) but not mutations', async () => {
    const q = encodeURIComponent('{ __schema { queryType { name } } }');
    const res = await fetch(`${gql.endpoint}?query=${q}`);
    expect(await res.json()).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const m = encodeURIComponent('mutation { cancelOrder(id: "ord_1001") { id } }');
    expect((await fetch(`${gql.endpoint}?query=${m}`)).status).toBe(405);
  });

  test('with an apiKey, requests need "Authorization: Token <key>"', async () => {
    const locked = await startOrdersGraphql({ apiKey: 'gql-key' });
    try {
      const denied = await post('{ version }', undefined, locked);
      expect(denied.status).toBe(401);
      expect(denied.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect((await post('{ version }', undefined, locked, { authorization: 'Token gql-key' })).body).toEqual(
        {
          data: { version: '1.2.0' },
        },
      );
    } finally {
      await locked.close();
    }
  });
});
