/**
 * What a client of the orders server notices: the API key check, cursor pages, filters, search,
 * stats, the slow endpoint giving up when the client leaves, rate limits and the writes.
 */
import { generateData, startOrdersApi, type OrdersApi, type OrdersApiOptions } from '../src';

const ANCHOR = Date.parse('2026-01-31T00:00:00Z');
const AUTH = { authorization: 'Token demo-key' };
interface OrderRow {
  id: string;
  number: number;
  status: string;
  customer_id: string;
  customer: { name: string };
  created_at: string;
  total: number;
  note: string | null;
}
interface OrderPage {
  data: OrderRow[];
  next_cursor: string | null;
}

const servers: OrdersApi[] = [];
async function start(opts: OrdersApiOptions = {}): Promise<OrdersApi> {
  const api = await startOrdersApi({ data: { now: ANCHOR }, slowMs: 20, ...opts });
  servers.push(api);
  return api;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function get<T>(api: OrdersApi, path: string, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${api.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}
async function send<T>(api: OrdersApi, method: string, path: string, body?: unknown) {
  const res = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
async function walk(api: OrdersApi, path: string): Promise<OrderRow[]> {
  const rows: OrderRow[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { body: OrderPage } = await get<OrderPage>(
      api,
      cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
    );
    rows.push(...page.body.data);
    cursor = page.body.next_cursor;
  } while (cursor);
  return rows;
}

describe('the seeded data', () => {
  test('is the same for the same anchor and spreads 500 orders over the 30 days before it', () => {
    const a = generateData({ now: ANCHOR });
    expect(generateData({ now: ANCHOR })).toEqual(a);
    expect(a.orders).toHaveLength(500);
    const times = a.orders.map((o) => Date.parse(o.created_at));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(ANCHOR - 30 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(ANCHOR);
    expect(a.customers[0]).toMatchObject({ id: 'cus_0001', name: 'Ada Lovelace', email: 'ada@example.com' });
    for (const o of a.orders) {
      const sum = o.items.reduce((s, i) => s + i.quantity * i.unit_price, 0);
      expect(o.total).toBeCloseTo(sum, 2);
    }
  });
});

describe('the API key', () => {
  test('is accepted only as "Authorization: Token <key>"', async () => {
    const api = await start();
    expect((await get(api, '/orders?limit=1')).status).toBe(200);
    const bearer = await get<{ code: string; message: string }>(api, '/orders', {
      authorization: 'Bearer demo-key',
    });
    expect(bearer.status).toBe(401);
    expect(bearer.body).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('Token <api key>'),
    });
    expect((await get(api, '/orders', {})).body).toMatchObject({
      message: expect.stringContaining('missing API key'),
    });
    expect((await get(api, '/orders', { authorization: 'Token nope' })).body).toEqual({
      code: 'unauthorized',
      message: 'invalid API key',
    });
  });

  test('is not needed for /health', async () => {
    const api = await start();
    expect(await get(api, '/health', {})).toMatchObject({
      status: 200,
      body: { status: 'ok', version: '1.2.0' },
    });
  });
});

describe('cursor pagination', () => {
  test('walks every order exactly once, newest first, ending with a null next_cursor', async () => {
    const api = await start();
    const rows = await walk(api, '/orders?limit=37');
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.id)).size).toBe(500);
    const times = rows.map((r) => Date.parse(r.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test('uses opaque cursors: the base64url of the last id, as in the spec example', async () => {
    const api = await start();
    const page = await get<OrderPage>(api, '/orders?limit=2');
    const last = page.body.data[1]!.id;
    expect(page.body.next_cursor).toBe(Buffer.from(last).toString('base64url'));
    const bad = await get<{ code: string; message: string }>(api, '/orders?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cursor');
  });

  test('keeps filters while paging and walks customers too', async () => {
    const api = await start();
    const shipped = await walk(api, '/orders?status=delivered&limit=20');
    expect(shipped.length).toBeGreaterThan(20);
    expect(shipped.every((o) => o.status === 'delivered')).toBe(true);
    const customers: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string }[]; next_cursor: string | null } } = await get(
        api,
        `/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      customers.push(...page.body.data);
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(customers.map((c) => c.id)).toEqual(generateData({ now: ANCHOR }).customers.map((c) => c.id));
  });
});

describe('filters and search', () => {
  test('filter by customer and creation time, bounds included/excluded as documented', async () => {
    const api = await start();
    const after = '2026-01-20T00:00:00Z';
    const before = '2026-01-25T00:00:00Z';
    const rows = await walk(
      api,
      `/orders?customer_id=cus_0002&created_after=${after}&created_before=${before}`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.customer_id).toBe('cus_0002');
      expect(Date.parse(r.created_at)).toBeGreaterThanOrEqual(Date.parse(after));
      expect(Date.parse(r.created_at)).toBeLessThan(Date.parse(before));
    }
  });

  test('reject a bad parameter with a 400 naming it', async () => {
    const api = await start();
    expect(await get(api, '/orders?limit=501')).toMatchObject({
      status: 400,
      body: { code: 'invalid_request', message: 'limit must be between 1 and 500' },
    });
    expect((await get<{ message: string }>(api, '/orders?status=lost')).body.message).toContain(
      'status must be one of',
    );
    expect((await get<{ message: string }>(api, '/orders?created_after=yesterday')).body.message).toContain(
      'created_after',
    );
  });

  test('search finds orders by customer name, applies filters and pages with the body cursor', async () => {
    const api = await start();
    const first = await send<OrderPage>(api, 'POST', '/orders/search', {
      text: 'Lovelace',
      min_total: 10,
      limit: 3,
    });
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(3);
    for (const o of first.body.data) {
      expect(`${o.customer.name} ${o.note}`.toLowerCase()).toContain('lovelace');
      expect(o.total).toBeGreaterThanOrEqual(10);
    }
    const second = await send<OrderPage>(api, 'POST', '/orders/search', {
      text: 'Lovelace',
      min_total: 10,
      limit: 3,
      cursor: first.body.next_cursor,
    });
    expect(second.body.data[0]!.number).toBeLessThan(first.body.data[2]!.number);
  });

  test('stats count every order of the range once, oldest bucket first', async () => {
    const api = await start();
    const res = await get<{ interval: string; data: { time: string; count: number }[] }>(
      api,
      '/orders/stats?interval=1d&from=2026-01-01T00:00:00Z&to=2026-01-31T00:00:00Z',
    );
    expect(res.body.interval).toBe('1d');
    expect(res.body.data).toHaveLength(30);
    expect(res.body.data[0]!.time).toBe('2026-01-01T00:00:00Z');
    expect(res.body.data.reduce((s, p) => s + p.count, 0)).toBe(500);
    expect(
      (await get(api, '/orders/stats?interval=1m&from=2025-01-01T00:00:00Z&to=2026-01-31T00:00:00Z')).status,
    ).toBe(400);
  });

  test('export returns CSV with one line per order of the range', async () => {
    const api = await start();
    const res = await fetch(`${api.baseUrl}/orders/export`, { method: 'POST', headers: AUTH });
    const lines = (await res.text()).trim().split('\n');
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(lines[0]).toBe('id,status,total,currency,created_at');
    expect(lines).toHaveLength(501);
  });
});

describe('the slow endpoint', () => {
  test('answers after the configured delay', async () => {
    const api = await start({ slowMs: 30 });
    const res = await get<OrderPage>(api, '/orders/slow?limit=2');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
  });

  test('stops waiting when the client disconnects', async () => {
    const api = await start();
    const abort = new AbortController();
    const pending = fetch(`${api.baseUrl}/orders/slow?delay_ms=60000`, {
      headers: AUTH,
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 50);
    await expect(pending).rejects.toThrow();
    for (let i = 0; i < 100 && api.stats().slowCancelled === 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(api.stats().slowCancelled).toBe(1);
  });
});

describe('rate limits', () => {
  test('/orders/limited allows 2 calls per minute per key, then 429 with Retry-After', async () => {
    let now = ANCHOR;
    const api = await start({ clock: () => now, apiKey: ['demo-key', 'other-key'] });
    expect((await get(api, '/orders/limited?limit=1')).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await get(api, '/orders/limited?limit=1')).status).toBe(200);
    now += 15_000;
    const limited = await get<{ code: string; message: string }>(api, '/orders/limited');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.body).toEqual({ code: 'rate_limited', message: 'rate limit exceeded, retry in 45 s' });
    expect((await get(api, '/orders/limited', { authorization: 'Token other-key' })).status).toBe(200);
    now += 45_000;
    expect((await get(api, '/orders/limited')).status).toBe(200);
  });

  test('every other call counts against the general limit shown in X-RateLimit-Remaining', async () => {
    const api = await start({ rateLimit: { requests: 3, windowMs: 60_000 } });
    const remaining = [];
    for (let i = 0; i < 4; i++) {
      const res = await get(api, '/orders?limit=1');
      remaining.push([res.status, res.headers.get('x-ratelimit-remaining')]);
    }
    expect(remaining).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ]);
  });
});

describe('writes', () => {
  test('a created order is listed first and can be updated, refunded and cancelled', async () => {
    const api = await start({ clock: () => ANCHOR + 1000 });
    const created = await send<OrderRow>(api, 'POST', '/orders', {
      customer_id: 'cus_0003',
      items: [{ sku: 'SKU-RED-1', quantity: 2, unit_price: 12.5 }],
      currency: 'EUR',
    });
    expect(created).toMatchObject({ status: 201, body: { id: 'ord_1501', status: 'pending', total: 25 } });
    expect((await get<OrderPage>(api, '/orders?limit=1')).body.data[0]!.id).toBe('ord_1501');
    expect((await send<OrderRow>(api, 'PATCH', '/orders/ord_1501', { note: 'rush' })).body.note).toBe('rush');
    expect((await send<OrderRow>(api, 'POST', '/orders/ord_1501/refund', { amount: 5 })).body.status).toBe(
      'refunded',
    );
    expect((await send(api, 'DELETE', '/orders/ord_1501')).status).toBe(204);
    expect((await get<OrderRow>(api, '/orders/ord_1501')).body.status).toBe('cancelled');
  });

  test('a bad write is a 400 naming the problem', async () => {
    const api = await start();
    const unknown = await send<{ message: string }>(api, 'POST', '/orders', {
      customer_id: 'cus_9999',
      items: [{ sku: 'X', quantity: 1, unit_price: 1 }],
      currency: 'EUR',
    });
    expect(unknown).toMatchObject({ status: 400, body: { message: 'customer cus_9999 does not exist' } });
    const res = await fetch(`${api.baseUrl}/orders`, { method: 'POST', headers: AUTH, body: '{' });
    expect(((await res.json()) as { message: string }).message).toContain('not valid JSON');
  });
});

describe('routing', () => {
  test('answers unknown paths with 404 and wrong methods with 405, both as JSON errors', async () => {
    const api = await start();
    expect((await get<{ message: string }>(api, '/nope')).body.message).toContain('no operation');
    expect((await get<{ message: string }>(api, '/../orders')).status).toBe(404);
    const res = await fetch(`${api.url}/orders`, { headers: AUTH });
    expect(((await res.json()) as { message: string }).message).toContain('/api/v1');
    expect((await get<{ code: string }>(api, '/orders/%E0%A4%A')).body.code).toBe('invalid_request');
    const put = await send<{ code: string }>(api, 'PUT', '/orders');
    expect(put.status).toBe(405);
  });
});
