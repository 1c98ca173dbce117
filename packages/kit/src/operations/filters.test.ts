import { dataQuery, fakeContext } from '../query-test-helpers';
import type { Fetch, UpstreamRequest, UpstreamResponse } from '../types';
import { filterRows, parseFilters, planFilters } from './filters';
import { graphqlQuery } from './graphql-query';
import { openApiQuery } from './openapi-query';
import type { OperationSpec } from './types';

function json(body: unknown): UpstreamResponse {
  const text = JSON.stringify(body);
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: new TextEncoder().encode(text),
    url: 'http://x/',
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  };
}

function upstream(answer: (req: UpstreamRequest) => unknown) {
  const calls: UpstreamRequest[] = [];
  const fetch: Fetch = async (req) => {
    calls.push(req);
    return json(answer(req));
  };
  return { calls, fetch };
}

const rows = [
  {
    id: 'o1',
    status: 'paid',
    total: 120.5,
    created_at: '2026-01-02T00:00:00Z',
    customer: { name: 'Ada Lovelace' },
  },
  {
    id: 'o2',
    status: 'shipped',
    total: 80,
    created_at: '2026-01-05T00:00:00Z',
    customer: { name: 'Alan Turing' },
  },
  {
    id: 'o3',
    status: 'paid',
    total: 15,
    created_at: '2026-01-09T00:00:00Z',
    customer: { name: 'Grace Hopper' },
  },
  { id: 'o4', status: null, total: 300, created_at: '2026-01-10T00:00:00Z', customer: { name: 'ada king' } },
];

const listOrders: OperationSpec = {
  id: 'listOrders',
  method: 'GET',
  path: '/orders',
  params: [
    { name: 'status', in: 'query', type: 'string' },
    { name: 'limit', in: 'query', type: 'integer' },
    { name: 'cursor', in: 'query' },
  ],
  response: {
    itemsPath: 'data',
    fields: [
      { path: 'id', type: 'string' },
      { path: 'status', type: 'string' },
    ],
  },
  pagination: { kind: 'cursor', requestParam: 'cursor', responsePath: 'next_cursor', limitParam: 'limit' },
};

const ids = (r: unknown[]) => r.map((x) => (x as { id: string }).id);

describe('filters', () => {
  it('compares numbers as numbers, ISO times as times and text case-insensitively for contains', () => {
    const f = (field: string, op: string, value: string) =>
      filterRows(rows, parseFilters([{ field, op, value }])).rows;
    expect(ids(f('total', 'gt', '100'))).toEqual(['o1', 'o4']);
    expect(ids(f('total', 'lte', '80'))).toEqual(['o2', 'o3']);
    expect(ids(f('created_at', 'gte', '2026-01-05'))).toEqual(['o2', 'o3', 'o4']);
    expect(ids(f('customer.name', 'contains', 'ADA'))).toEqual(['o1', 'o4']);
    expect(ids(f('customer.name', 'regex', '^A'))).toEqual(['o1', 'o2']);
    expect(ids(f('status', 'neq', 'paid'))).toEqual(['o2', 'o4']);
  });

  it('ANDs filters and says in a notice that they ran on the fetched rows', () => {
    const out = filterRows(
      rows,
      parseFilters([
        { field: 'status', op: 'eq', value: 'paid' },
        { field: 'total', op: 'gt', value: '100' },
      ]),
    );
    expect(ids(out.rows)).toEqual(['o1']);
    expect(out.notice).toMatchObject({
      severity: 'info',
      text: expect.stringContaining('kept 1 of 4 fetched rows'),
    });
  });

  it('rejects an unknown operator and a broken regular expression as invalid queries', () => {
    expect(() => parseFilters([{ field: 'a', op: 'like', value: 'x' }])).toThrow(
      /operator "like"; expected one of eq/,
    );
    expect(() => parseFilters([{ field: 'a', op: 'regex', value: '(' }])).toThrow(
      /not a valid regular expression/,
    );
    expect(() => parseFilters({})).toThrow(/must be a list/);
  });

  it('sends eq filters on fields with a same-named parameter to the API, never paging parameters', () => {
    const plan = planFilters(
      listOrders,
      parseFilters([
        { field: 'status', op: 'eq', value: 'paid' },
        { field: 'cursor', op: 'eq', value: 'c' },
        { field: 'status', op: 'neq', value: 'x' },
      ]),
      {},
    );
    expect(plan.params).toEqual({ status: 'paid' });
    expect(plan.clientSide.map((f) => `${f.field} ${f.op}`)).toEqual(['cursor eq', 'status neq']);
  });

  it('keeps a parameter the user set to another value and filters the rows instead', () => {
    const plan = planFilters(listOrders, parseFilters([{ field: 'status', op: 'eq', value: 'paid' }]), {
      status: 'shipped',
    });
    expect(plan.params).toEqual({});
    expect(plan.clientSide).toHaveLength(1);
  });
});

describe('openApiQuery with filters', () => {
  it('maps an eq filter onto the query parameter and adds no notice', async () => {
    const up = upstream(() => ({ data: rows.filter((r) => r.status === 'paid'), next_cursor: null }));
    const result = await openApiQuery([listOrders])(
      dataQuery({ operationId: 'listOrders', filters: [{ field: 'status', op: 'eq', value: 'paid' }] }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(up.calls[0]!.url).toBe('/orders?status=paid');
    expect(result.frames[0]!.rowCount).toBe(2);
    expect(result.notices ?? []).toEqual([]);
  });

  it('filters rows across all fetched pages when the API has no matching parameter', async () => {
    const up = upstream((req) =>
      req.url.includes('cursor=p2')
        ? { data: rows.slice(2), next_cursor: null }
        : { data: rows.slice(0, 2), next_cursor: 'p2' },
    );
    const result = await openApiQuery([listOrders])(
      dataQuery({ operationId: 'listOrders', filters: [{ field: 'total', op: 'gte', value: '100' }] }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(up.calls).toHaveLength(2);
    expect(result.frames[0]!.fields.find((f) => f.name === 'id')!.values).toEqual(['o1', 'o4']);
    expect(result.notices?.[0]?.text).toMatch(
      /Filtered in Grafana, not by the API \(total gte "100"\): kept 2 of 4/,
    );
  });
});

describe('graphqlQuery with filters', () => {
  it('sends an eq filter on an argument as a variable and filters the rest client-side', async () => {
    const op: OperationSpec = {
      id: 'orders',
      method: 'QUERY',
      path: 'orders',
      params: [{ name: 'status', in: 'argument', type: 'string' }],
      response: { itemsPath: 'data.orders' },
      document: 'query Orders($status: String) { orders(status: $status) { id status total } }',
    };
    const up = upstream(() => ({ data: { orders: rows.filter((r) => r.status === 'paid') } }));
    const result = await graphqlQuery([op])(
      dataQuery({
        operationId: 'orders',
        filters: [
          { field: 'status', op: 'eq', value: 'paid' },
          { field: 'total', op: 'lt', value: '100' },
        ],
      }),
      fakeContext({ fetch: up.fetch }),
    );
    expect(JSON.parse(String(up.calls[0]!.body)).variables).toEqual({ status: 'paid' });
    expect(result.frames[0]!.rowCount).toBe(1);
    expect(result.notices?.some((n) => n.text.includes('total lt "100"'))).toBe(true);
  });
});
