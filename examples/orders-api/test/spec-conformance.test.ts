/**
 * Every operation of orders.openapi.yaml (as the schema reader lists them) is called on a real
 * server, and each answer — success and error — validates against the schema the spec declares
 * for that operation and status.
 */
import { readSchema, type ApiModel } from '../../../tools/codegen/src/schema';
import { startOrdersApi, type OrdersApi, type OrdersApiOptions } from '../src';
import { SPEC_PATH, declaredResponse } from './spec';

/** One call of an operation and the status it must get. */
interface Scenario {
  status: number;
  query?: Record<string, string>;
  body?: unknown;
  pathParams?: Record<string, string>;
  /** Authorization header value; null sends none. Default `Token demo-key`. */
  auth?: string | null;
  /** Options of a fresh server for this call (e.g. tight rate limits). */
  fresh?: OrdersApiOptions;
  /** Call this many times and check the last answer (rate limits). */
  repeat?: number;
}

const ANCHOR = Date.parse('2026-01-31T00:00:00Z');
const tight: OrdersApiOptions = { rateLimit: { requests: 1, windowMs: 60_000 } };
const unauthorized: Scenario = { status: 401, auth: null };
const badKey: Scenario = { status: 401, auth: 'Token wrong-key' };

const SCENARIOS: Record<string, Scenario[]> = {
  listOrders: [
    { status: 200, query: { status: 'shipped', limit: '5' } },
    { status: 200, query: { customer_id: 'cus_0001', created_after: '2026-01-10T00:00:00Z', limit: '500' } },
    { status: 200, query: { created_before: '2026-01-05T00:00:00Z', cursor: 'b3JkXzExMDA' } },
    unauthorized,
    badKey,
    { status: 429, fresh: tight, repeat: 2 },
  ],
  createOrder: [
    {
      status: 201,
      body: {
        customer_id: 'cus_0001',
        items: [{ sku: 'SKU-RED-1', quantity: 1, unit_price: 12.5 }],
        currency: 'EUR',
      },
    },
    { status: 400, body: { customer_id: 'cus_0001', items: [], currency: 'EUR' } },
    { status: 401, auth: null, body: {} },
  ],
  searchOrders: [
    { status: 200, body: { text: 'lovelace', statuses: ['shipped', 'delivered'], min_total: 10, limit: 20 } },
    { status: 200, body: { from: '2026-01-20T00:00:00Z', to: '2026-01-25T00:00:00Z', cursor: null } },
    { status: 400, body: { statuses: ['lost'] } },
    { status: 401, auth: null, body: {} },
  ],
  exportOrders: [{ status: 200, body: { from: '2026-01-30T00:00:00Z', to: '2026-01-31T00:00:00Z' } }],
  getOrderStats: [
    { status: 200, query: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z', interval: '1d' } },
    { status: 200, query: { from: '2026-01-30T00:00:00Z', to: '2026-01-31T00:00:00Z', status: 'pending' } },
    unauthorized,
  ],
  listOrdersSlow: [{ status: 200, query: { delay_ms: '5', limit: '3' } }, unauthorized],
  listOrdersRateLimited: [
    { status: 200, query: { limit: '2' } },
    { status: 429, fresh: {}, repeat: 3 },
    unauthorized,
  ],
  getOrder: [
    { status: 200, pathParams: { orderId: 'ord_1001' } },
    { status: 404, pathParams: { orderId: 'ord_9999' } },
    { status: 401, auth: null, pathParams: { orderId: 'ord_1001' } },
  ],
  updateOrder: [
    {
      status: 200,
      pathParams: { orderId: 'ord_1003' },
      body: { status: 'paid', note: 'called the customer' },
    },
    { status: 404, pathParams: { orderId: 'ord_9999' }, body: { note: null } },
  ],
  cancelOrder: [
    { status: 204, pathParams: { orderId: 'ord_1004' } },
    { status: 404, pathParams: { orderId: 'ord_9999' } },
  ],
  refundOrder: [{ status: 200, pathParams: { orderId: 'ord_1005' }, body: { amount: 1, reason: null } }],
  listCustomers: [
    { status: 200, query: { q: 'lovelace' } },
    { status: 200, query: { limit: '7' } },
    unauthorized,
  ],
  getCustomer: [
    { status: 200, pathParams: { customerId: 'cus_0001' } },
    { status: 404, pathParams: { customerId: 'cus_9999' } },
  ],
  getHealth: [{ status: 200, auth: null }],
};

let model: ApiModel;
let api: OrdersApi;
const extra: OrdersApi[] = [];

beforeAll(async () => {
  model = await readSchema(SPEC_PATH);
  api = await startOrdersApi({ data: { now: ANCHOR }, slowMs: 10 });
});
afterAll(async () => {
  await Promise.all([api, ...extra].map((a) => a.close()));
});

async function run(method: string, path: string, s: Scenario): Promise<Response> {
  let target = api;
  if (s.fresh) {
    target = await startOrdersApi({ data: { now: ANCHOR }, ...s.fresh });
    extra.push(target);
  }
  const url = new URL(
    target.baseUrl + path.replace(/\{(\w+)\}/g, (_, name: string) => s.pathParams?.[name] ?? ''),
  );
  for (const [k, v] of Object.entries(s.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = {};
  const auth = s.auth === undefined ? 'Token demo-key' : s.auth;
  if (auth !== null) headers.authorization = auth;
  if (s.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response | undefined;
  for (let i = 0; i < (s.repeat ?? 1); i++) {
    if (res) await res.arrayBuffer();
    res = await fetch(url, {
      method,
      headers,
      body: s.body === undefined ? undefined : JSON.stringify(s.body),
    });
  }
  return res!;
}

test('the schema reader sees the operations this test calls, and no others', () => {
  expect(model.operations.map((o) => o.id).sort()).toEqual(Object.keys(SCENARIOS).sort());
});

const cases = Object.entries(SCENARIOS).flatMap(([id, list]) => list.map((s, i) => ({ id, i, s })));

test.each(cases)('$id answers call $i with $s.status and a body the spec declares', async ({ id, s }) => {
  const op = model.operations.find((o) => o.id === id)!;
  const res = await run(op.method, op.path, s);
  const text = await res.text();
  expect({ status: res.status, text: text.slice(0, 300) }).toEqual({
    status: s.status,
    text: expect.anything(),
  });

  const declared = declaredResponse(op.method, op.path, s.status);
  expect(declared).toBeDefined();
  for (const h of declared!.headers) expect(res.headers.get(h)).toMatch(/^\d+$/);
  if (!declared!.validate) {
    expect(text).toBe('');
    return;
  }
  expect(res.headers.get('content-type')).toContain(declared!.contentType);
  const body: unknown = declared!.contentType === 'application/json' ? JSON.parse(text) : text;
  const ok = declared!.validate(body);
  expect(declared!.validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test('the spec validator rejects a page whose order misses required fields', () => {
  const validate = declaredResponse('GET', '/orders', 200)!.validate!;
  expect(validate({ data: [{ id: 'ord_1', number: 1 }], next_cursor: null })).toBe(false);
  expect(validate({ data: [], next_cursor: null })).toBe(true);
});
