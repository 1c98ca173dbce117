/**
 * The committed generated datasources against the real sample servers (issue 4's proof): each
 * package is built with `dsforge build`, started as Grafana starts it (`startPlugin()`), pointed
 * at `examples/orders-api` or `examples/orders-graphql`, and asked for every kind of query a user
 * would run — paging through all orders, one order, search, stats, customers — plus the failures
 * users meet: a slow upstream past the datasource timeout, a rate limit, a wrong API key.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

import type { Frame } from '@dsforge/backend';
import { startPlugin, type PluginClient, type QueryResult } from '@dsforge/testing';

import { startOrdersApi, type OrdersApi } from '../../../examples/orders-api/src';
import { startOrdersGraphql, type OrdersGraphql } from '../../../examples/orders-graphql/src';

const root = resolve(__dirname, '../../..');
const dsforge = join(root, 'tools/codegen/bin/dsforge.cjs');

/** Builds a committed generated package for linux_amd64 and returns its backend binary. */
function build(id: string, executable: string): string {
  const dir = join(root, 'packages', id);
  const r = spawnSync(process.execPath, [dsforge, 'build', dir, '--targets', 'linux_amd64'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`dsforge build ${id} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  return join(dir, 'dist', `${executable}_linux_amd64`);
}

/** The kit's structured error payload on a failed query's frame. */
function dsforgeError(res: QueryResult | undefined): Record<string, unknown> | undefined {
  const custom = res?.frames[0]?.meta?.custom as { dsforgeError?: Record<string, unknown> } | undefined;
  return custom?.dsforgeError;
}

const names = (f: Frame | undefined) => (f?.fields ?? []).map((x) => x.name);
const column = (f: Frame | undefined, name: string) => f?.fields.find((x) => x.name === name)?.values ?? [];
const lastWeek = () => ({ from: new Date(Date.now() - 7 * 86_400_000), to: new Date() });

const API_KEY = 'demo-key';
const REST_AUTH = {
  authType: 'apiKey',
  apiKeyIn: 'header',
  apiKeyHeader: 'Authorization',
  apiKeyPrefix: 'Token ',
};

describe('acme-orders-datasource against the sample orders API', () => {
  let api: OrdersApi;
  let plugin: PluginClient;

  beforeAll(async () => {
    const binary = build('acme-orders-datasource', 'gpx_acme_orders_datasource');
    // A long slow endpoint, so only the datasource timeout can end that query.
    api = await startOrdersApi({ port: 0, apiKey: API_KEY, slowMs: 10_000 });
    plugin = await startPlugin(binary, {
      settings: { url: api.url, jsonData: REST_AUTH },
      secrets: { apiKey: API_KEY },
    });
  }, 180_000);

  afterAll(async () => {
    await plugin?.shutdown();
    await api?.close();
  });

  it('passes Save & test with the demo key', async () => {
    expect(await plugin.health()).toMatchObject({ status: 'OK' });
  });

  it('pages through all 500 orders with the cursor', async () => {
    const res = await plugin.query([
      { refId: 'A', json: { operationId: 'listOrders', params: { limit: 100 } } },
    ]);
    expect(res.A?.error).toBeUndefined();
    const frame = res.A?.frames[0];
    expect(frame?.rowCount).toBe(500);
    expect(names(frame)).toEqual(
      expect.arrayContaining(['id', 'number', 'status', 'customer.name', 'total', 'created_at']),
    );
    expect(new Set(column(frame, 'id')).size).toBe(500);
    expect(frame?.fields.find((f) => f.name === 'created_at')?.type).toBe('time');
  });

  it('stops at the configured page limit and says the result was cut', async () => {
    const res = await plugin.query([
      { refId: 'A', json: { operationId: 'listOrders', params: { limit: 50 }, maxPages: 2 } },
    ]);
    const frame = res.A?.frames[0];
    expect(frame?.rowCount).toBe(100);
    const notices = (frame?.meta?.notices ?? []).map((n) => n.text).join(' ');
    expect(notices).toMatch(/page/i);
  });

  it('sends an eq filter to the API as its status parameter and filters the rest in Grafana', async () => {
    const res = await plugin.query([
      {
        refId: 'A',
        json: {
          operationId: 'listOrders',
          params: { limit: 500 },
          filters: [
            { field: 'status', op: 'eq', value: 'shipped' },
            { field: 'total', op: 'gt', value: '100' },
          ],
        },
      },
    ]);
    const frame = res.A?.frames[0];
    expect(frame?.rowCount).toBeGreaterThan(0);
    expect(new Set(column(frame, 'status'))).toEqual(new Set(['shipped']));
    expect(column(frame, 'total').every((t) => Number(t) > 100)).toBe(true);
    expect(frame?.meta?.executedQueryString).toContain('status=shipped');
    expect((frame?.meta?.notices ?? []).map((n) => n.text).join(' ')).toContain('Filtered in Grafana');
  });

  it('gets one order by id', async () => {
    const res = await plugin.query([
      { refId: 'A', json: { operationId: 'getOrder', params: { orderId: 'ord_1001' } } },
    ]);
    const frame = res.A?.frames[0];
    expect(frame?.rowCount).toBe(1);
    expect(column(frame, 'id')).toEqual(['ord_1001']);
  });

  it('searches orders with a POST body', async () => {
    const res = await plugin.query([
      {
        refId: 'A',
        json: { operationId: 'searchOrders', params: { statuses: ['delivered'], limit: 100 } },
      },
    ]);
    const frame = res.A?.frames[0];
    expect(res.A?.error).toBeUndefined();
    expect(frame?.rowCount).toBeGreaterThan(0);
    expect(new Set(column(frame, 'status'))).toEqual(new Set(['delivered']));
  });

  it('returns order stats as a time series over the query range', async () => {
    const range = lastWeek();
    const res = await plugin.query([
      {
        refId: 'A',
        timeRange: range,
        json: {
          operationId: 'getOrderStats',
          params: { from: '$__timeFrom', to: '$__timeTo', interval: '1d' },
        },
      },
    ]);
    expect(res.A?.error).toBeUndefined();
    const frame = res.A?.frames[0];
    expect(names(frame)).toEqual(['time', 'count', 'revenue']);
    expect(frame?.fields[0]?.type).toBe('time');
    expect(frame?.rowCount).toBeGreaterThanOrEqual(7);
  });

  it('lists customers and gets one', async () => {
    const res = await plugin.query([
      { refId: 'L', json: { operationId: 'listCustomers', params: {} } },
      { refId: 'G', json: { operationId: 'getCustomer', params: { customerId: 'cus_0001' } } },
    ]);
    expect(res.L?.frames[0]?.rowCount).toBe(40);
    expect(column(res.G?.frames[0], 'name')).toEqual(['Ada Lovelace']);
  });

  it('exports orders as CSV into a frame', async () => {
    const res = await plugin.query([{ refId: 'A', json: { operationId: 'exportOrders', params: {} } }]);
    expect(res.A?.error).toBeUndefined();
    expect(res.A?.frames[0]?.rowCount).toBe(500);
  });

  it('ends a slow upstream at the datasource timeout with a timeout error', async () => {
    const res = await plugin.query([{ refId: 'A', json: { operationId: 'listOrdersSlow', params: {} } }], {
      settings: { uid: 'short-timeout', jsonData: { ...REST_AUTH, timeout: 1 } },
    });
    expect(dsforgeError(res.A)).toMatchObject({ category: 'timeout' });
    expect(res.A?.error).toMatch(/time/i);
  });

  it('reports the strict rate limit as rate_limited with the wait', async () => {
    const q = { refId: 'A', json: { operationId: 'listOrdersRateLimited', params: {} } };
    const opts = { settings: { uid: 'rate-limited', jsonData: { ...REST_AUTH, timeout: 5 } } };
    let res: Record<string, QueryResult> = {};
    for (let i = 0; i < 3; i++) res = await plugin.query([q], opts);
    expect(res.A?.status).toBe(429);
    expect(dsforgeError(res.A)).toMatchObject({ category: 'rate_limited', retryAfterMs: expect.any(Number) });
    expect(dsforgeError(res.A)?.retryAfterMs as number).toBeGreaterThan(0);
  });

  it('reports a wrong API key as authentication_failed', async () => {
    const res = await plugin.query([{ refId: 'A', json: { operationId: 'listOrders', params: {} } }], {
      settings: { uid: 'wrong-key', updated: new Date(1) },
      secrets: { apiKey: 'not-the-key' },
    });
    expect(res.A?.status).toBe(401);
    expect(dsforgeError(res.A)).toMatchObject({ category: 'authentication_failed' });
  });
});

describe('acme-ordersgraphql-datasource against the sample GraphQL server', () => {
  let server: OrdersGraphql;
  let plugin: PluginClient;

  beforeAll(async () => {
    const binary = build('acme-ordersgraphql-datasource', 'gpx_acme_ordersgraphql_datasource');
    server = await startOrdersGraphql({ port: 0 });
    // The generator's convention: the URL setting is the origin, the endpoint path is the base path.
    plugin = await startPlugin(binary, { settings: { url: server.url, jsonData: { authType: 'none' } } });
  }, 180_000);

  afterAll(async () => {
    await plugin?.shutdown();
    await server?.close();
  });

  it('passes Save & test', async () => {
    expect(await plugin.health()).toMatchObject({ status: 'OK' });
  });

  it('pages the orders connection to all 500 orders', async () => {
    const res = await plugin.query([{ refId: 'A', json: { operationId: 'orders', params: { first: 100 } } }]);
    expect(res.A?.error).toBeUndefined();
    const frame = res.A?.frames[0];
    expect(frame?.rowCount).toBe(500);
    expect(names(frame)).toEqual(expect.arrayContaining(['id', 'status', 'total']));
  });

  it('gets one order, customers, stats and search results', async () => {
    const res = await plugin.query([
      { refId: 'O', json: { operationId: 'order', params: { id: 'ord_1001' } } },
      { refId: 'C', json: { operationId: 'customers', params: { first: 100 } } },
      {
        refId: 'S',
        timeRange: lastWeek(),
        json: {
          operationId: 'orderStats',
          params: { from: '$__timeFrom', to: '$__timeTo', interval: 'DAY' },
        },
      },
      { refId: 'Q', json: { operationId: 'search', params: { text: 'Ada', limit: 5 } } },
    ]);
    expect(column(res.O?.frames[0], 'id')).toEqual(['ord_1001']);
    expect(res.C?.frames[0]?.rowCount).toBe(40);
    expect(res.S?.error).toBeUndefined();
    expect(names(res.S?.frames[0])).toEqual(expect.arrayContaining(['time', 'count', 'revenue']));
    expect(res.Q?.error).toBeUndefined();
    expect(res.Q?.frames[0]?.rowCount).toBeGreaterThan(0);
  });
});
