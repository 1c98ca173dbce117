import { dataQuery, fakeContext } from '../query-test-helpers';
import type { Fetch, UpstreamRequest, UpstreamResponse } from '../types';
import { graphqlQuery } from './graphql-query';
import { openApiQuery } from './openapi-query';
import type { OperationSpec } from './types';

function response(body: unknown, headers: Record<string, string> = {}, url = 'http://x/'): UpstreamResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const bytes = new TextEncoder().encode(text);
  return {
    status: 200,
    headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers },
    body: bytes,
    url,
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  };
}

function recorder(answer: (req: UpstreamRequest, n: number) => UpstreamResponse) {
  const calls: UpstreamRequest[] = [];
  const fetch: Fetch = async (req) => {
    calls.push(req);
    return answer(req, calls.length - 1);
  };
  return { calls, fetch };
}

const listOrders: OperationSpec = {
  id: 'listOrders',
  method: 'GET',
  path: '/orders',
  params: [
    { name: 'status', in: 'query' },
    { name: 'limit', in: 'query', type: 'integer' },
    { name: 'cursor', in: 'query' },
  ],
  response: {
    itemsPath: 'data',
    fields: [
      { path: 'id', type: 'string' },
      { path: 'created_at', type: 'time' },
      { path: 'customer.name', type: 'string' },
    ],
  },
  pagination: { kind: 'cursor', requestParam: 'cursor', responsePath: 'next_cursor', limitParam: 'limit' },
};
const getOrder: OperationSpec = {
  id: 'getOrder',
  method: 'GET',
  path: '/orders/{orderId}',
  params: [{ name: 'orderId', in: 'path', required: true }],
  response: { fields: [{ path: 'id', type: 'string' }] },
};
const searchOrders: OperationSpec = {
  id: 'searchOrders',
  method: 'POST',
  path: '/orders/search',
  params: [
    { name: 'text', in: 'body' },
    { name: 'from', in: 'body', format: 'date-time' },
  ],
  body: { contentType: 'application/json', required: true },
  response: { itemsPath: 'data' },
};
const ops = [listOrders, getOrder, searchOrders];

const row = (id: string) => ({ id, created_at: '2026-01-15T09:30:00Z', customer: { name: 'Ada' }, extra: 1 });

describe('openApiQuery', () => {
  it('follows cursor pages under the base path and keeps the spec fields in order', async () => {
    const up = recorder((req) =>
      req.url.includes('cursor=c2')
        ? response({ data: [row('b')], next_cursor: null })
        : response({ data: [row('a')], next_cursor: 'c2' }),
    );
    const run = openApiQuery(ops, { basePath: '/api/v1' });
    const ctx = fakeContext({ fetch: up.fetch });
    const json = { operationId: 'listOrders', params: { status: 'paid', limit: 1 } };
    const result = await run(dataQuery(json), ctx);
    expect(up.calls.map((c) => c.url)).toEqual([
      '/api/v1/orders?status=paid&limit=1',
      '/api/v1/orders?status=paid&limit=1&cursor=c2',
    ]);
    const frame = result.frames[0]!;
    expect(frame.name).toBe('listOrders');
    expect(frame.fields.map((f) => f.name)).toEqual(['created_at', 'id', 'customer.name']);
    expect(frame.fields.find((f) => f.name === 'customer.name')!.values).toEqual(['Ada', 'Ada']);
    expect(frame.meta?.executedQueryString).toBe('GET /api/v1/orders?status=paid&limit=1');
  });

  it('substitutes path parameters encoded and treats a single object as one row', async () => {
    const up = recorder(() => response({ id: 'o/1' }));
    const result = await openApiQuery(ops)(
      dataQuery({ operationId: 'getOrder', params: { orderId: 'o/1' } }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(up.calls[0]!.url).toBe('/orders/o%2F1');
    expect(result.frames[0]!.rowCount).toBe(1);
  });

  it('sends body parameters as JSON and fills a time macro from the query range', async () => {
    const up = recorder(() => response({ data: [] }));
    await openApiQuery(ops)(
      dataQuery({ operationId: 'searchOrders', params: { text: 'ada', from: '$__timeFrom' } }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(up.calls[0]!.method).toBe('POST');
    expect(JSON.parse(String(up.calls[0]!.body))).toEqual({ text: 'ada', from: '1970-01-01T00:00:00.000Z' });
  });

  it('names a missing required parameter and an unknown operation as invalid queries', async () => {
    const run = openApiQuery(ops);
    await expect(
      run(dataQuery({ operationId: 'getOrder', params: {} }), fakeContext()),
    ).rejects.toMatchObject({
      category: 'invalid_query',
      message: expect.stringContaining('"orderId"'),
    });
    await expect(run(dataQuery({ operationId: 'nope' }), fakeContext())).rejects.toMatchObject({
      category: 'invalid_query',
      message: expect.stringContaining('Unknown operation "nope"'),
    });
  });

  it('lets hooks change the request and the response body', async () => {
    const up = recorder(() => response({ data: [{ id: 'x' }] }));
    await openApiQuery(ops, {
      beforeRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-team': 'a' } }),
      afterResponse: () => ({ data: [{ id: 'y' }, { id: 'z' }] }),
      afterFrames: (frames) => {
        expect(frames[0]!.rowCount).toBe(2);
        return frames;
      },
    })(dataQuery({ operationId: 'searchOrders', params: {} }), fakeContext({ fetch: up.fetch }));
    expect(up.calls[0]!.headers).toMatchObject({ 'x-team': 'a' });
  });
});

const gqlOrders: OperationSpec = {
  id: 'orders',
  method: 'QUERY',
  path: 'orders',
  params: [
    { name: 'first', in: 'argument', type: 'integer' },
    { name: 'after', in: 'argument', type: 'string' },
  ],
  response: { itemsPath: 'data.orders.edges', rowPath: 'node', fields: [{ path: 'id', type: 'string' }] },
  pagination: {
    kind: 'cursor',
    requestParam: 'after',
    limitParam: 'first',
    responsePath: 'data.orders.pageInfo.endCursor',
    hasMorePath: 'data.orders.pageInfo.hasNextPage',
  },
  document:
    'query Orders($first: Int, $after: String) { orders(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
};

describe('graphqlQuery', () => {
  it('pages a Relay connection with the after variable', async () => {
    const up = recorder((req) => {
      const { variables } = JSON.parse(String(req.body)) as { variables: Record<string, unknown> };
      return variables.after === 'e1'
        ? response({
            data: {
              orders: { edges: [{ node: { id: 'b' } }], pageInfo: { hasNextPage: false, endCursor: 'e2' } },
            },
          })
        : response({
            data: {
              orders: { edges: [{ node: { id: 'a' } }], pageInfo: { hasNextPage: true, endCursor: 'e1' } },
            },
          });
    });
    const result = await graphqlQuery([gqlOrders])(
      dataQuery({ operationId: 'orders', params: { first: '1' } }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(up.calls).toHaveLength(2);
    expect(JSON.parse(String(up.calls[0]!.body)).variables).toEqual({ first: 1 });
    expect(result.frames[0]!.fields[0]!.values).toEqual(['a', 'b']);
  });

  it('reports validation errors as invalid queries and other errors as server errors', async () => {
    const fail = (errors: unknown) => recorder(() => response({ errors, data: null })).fetch;
    const run = graphqlQuery([gqlOrders]);
    await expect(
      run(
        dataQuery({ operationId: 'orders' }),
        fakeContext({ fetch: fail([{ message: 'Cannot query field "x" on type "Order".' }]) }),
      ),
    ).rejects.toMatchObject({ category: 'invalid_query' });
    await expect(
      run(dataQuery({ operationId: 'orders' }), fakeContext({ fetch: fail([{ message: 'db down' }]) })),
    ).rejects.toMatchObject({ category: 'server_error' });
  });

  it('keeps data next to errors with a partial-result warning', async () => {
    const up = recorder(() =>
      response({
        data: { orders: { edges: [{ node: { id: 'a' } }], pageInfo: { hasNextPage: false } } },
        errors: [{ message: 'one shard failed' }],
      }),
    );
    const result = await graphqlQuery([gqlOrders])(
      dataQuery({ operationId: 'orders' }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(result.notices?.[0]?.text).toContain('one shard failed');
    expect(result.frames[0]!.rowCount).toBe(1);
  });
});
