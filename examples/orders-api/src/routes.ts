/**
 * The operations of orders.openapi.yaml, one handler each, keyed by operationId. Handlers get
 * parsed inputs and return a reply; auth, rate limits and error bodies are the server's job.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { InvalidRequestError, type Page } from './cursor';
import { ORDER_STATUSES, type Order } from './data';
import { HttpError, enumParam, intParam, timeParam } from './http';
import { parseNewOrder, parseOrderUpdate, parseRefund, parseSearch, objectBody } from './bodies';
import type { OrderFilter, OrdersStore } from './store';

/** What a handler sees. */
export interface RouteContext {
  store: OrdersStore;
  query: URLSearchParams;
  /** Path parameters by name. */
  params: Record<string, string>;
  /** The parsed JSON body (undefined when empty). */
  body: () => Promise<unknown>;
  /** Aborted when the client goes away or the server closes. */
  signal: AbortSignal;
  /** Default delay of `/orders/slow` when `delay_ms` is not given. */
  slowMs: number;
  /** Called when a slow request stopped waiting because its client left. */
  onSlowCancelled: () => void;
}

/** A handler's answer: JSON `body`, or `text` with its content type, or neither (204). */
export interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
}

/** One operation of the spec. */
export interface Route {
  operationId: string;
  method: string;
  /** Path template under the server base (`/api/v1`), e.g. `/orders/{orderId}`. */
  path: string;
  /** False only for `/health` (`security: []`). */
  auth: boolean;
  /** True for `/orders/limited`: the strict per-key limit applies too. */
  strictLimit?: boolean;
  handle: (ctx: RouteContext) => Promise<Reply>;
}

const version = '1.2.0';
const INTERVALS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 };

const one = (q: URLSearchParams, name: string): string | undefined => q.get(name) ?? undefined;
const pageReply = (store: OrdersStore, page: Page<Order>): Reply => ({
  status: 200,
  body: { data: page.rows.map((o) => store.withCustomer(o)), next_cursor: page.nextCursor },
});
const limitOf = (q: URLSearchParams): number => {
  const raw = one(q, 'limit');
  return raw === undefined ? 50 : intParam('limit', raw, 1, 500);
};
const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

function orderOr404(ctx: RouteContext): Order {
  const id = ctx.params.orderId!;
  const order = /^ord_[0-9]+$/.test(id) ? ctx.store.getOrder(id) : undefined;
  if (!order) throw notFound(`order ${id}`);
  return order;
}

function listFilter(q: URLSearchParams): OrderFilter {
  const f: OrderFilter = {};
  const status = one(q, 'status');
  if (status !== undefined) f.statuses = [enumParam('status', status, ORDER_STATUSES)];
  const customer = one(q, 'customer_id');
  if (customer !== undefined) f.customerId = customer;
  const after = one(q, 'created_after');
  if (after !== undefined) f.createdAfter = timeParam('created_after', after);
  const before = one(q, 'created_before');
  if (before !== undefined) f.createdBefore = timeParam('created_before', before);
  return f;
}

async function listOrdersSlow(ctx: RouteContext): Promise<Reply> {
  const raw = one(ctx.query, 'delay_ms');
  const delay = raw === undefined ? ctx.slowMs : intParam('delay_ms', raw, 0, 120_000);
  const page = ctx.store.listOrders({}, limitOf(ctx.query), one(ctx.query, 'cursor'));
  try {
    await sleep(delay, undefined, { signal: ctx.signal });
  } catch {
    ctx.onSlowCancelled();
    return { status: 499 }; // nobody is listening any more
  }
  return pageReply(ctx.store, page);
}

/** Every operation of the spec. Static paths come before `/orders/{orderId}`. */
export const ROUTES: Route[] = [
  {
    operationId: 'listOrders',
    method: 'GET',
    path: '/orders',
    auth: true,
    handle: async ({ store, query }) =>
      pageReply(store, store.listOrders(listFilter(query), limitOf(query), one(query, 'cursor'))),
  },
  {
    operationId: 'createOrder',
    method: 'POST',
    path: '/orders',
    auth: true,
    handle: async ({ store, body }) => {
      const order = store.createOrder(parseNewOrder(await body()));
      return { status: 201, body: store.withCustomer(order) };
    },
  },
  {
    operationId: 'searchOrders',
    method: 'POST',
    path: '/orders/search',
    auth: true,
    handle: async ({ store, body }) => {
      const s = parseSearch(await body());
      return pageReply(store, store.listOrders(s.filter, s.limit, s.cursor));
    },
  },
  {
    operationId: 'exportOrders',
    method: 'POST',
    path: '/orders/export',
    auth: true,
    handle: async ({ store, body }) => {
      const b = objectBody(await body(), false);
      const from = b.from === undefined ? undefined : timeParam('from', b.from);
      const to = b.to === undefined ? undefined : timeParam('to', b.to);
      return { status: 200, text: store.exportCsv(from, to), contentType: 'text/csv; charset=utf-8' };
    },
  },
  {
    operationId: 'getOrderStats',
    method: 'GET',
    path: '/orders/stats',
    auth: true,
    handle: async ({ store, query }) => {
      const interval = enumParam('interval', one(query, 'interval') ?? '1h', Object.keys(INTERVALS));
      const from = one(query, 'from');
      const to = one(query, 'to');
      if (from === undefined || to === undefined) throw new InvalidRequestError('from and to are required');
      const status = one(query, 'status');
      const data = store.stats(
        timeParam('from', from),
        timeParam('to', to),
        INTERVALS[interval]!,
        status === undefined ? undefined : enumParam('status', status, ORDER_STATUSES),
      );
      return { status: 200, body: { interval, data } };
    },
  },
  { operationId: 'listOrdersSlow', method: 'GET', path: '/orders/slow', auth: true, handle: listOrdersSlow },
  {
    operationId: 'listOrdersRateLimited',
    method: 'GET',
    path: '/orders/limited',
    auth: true,
    strictLimit: true,
    handle: async ({ store, query }) =>
      pageReply(store, store.listOrders({}, limitOf(query), one(query, 'cursor'))),
  },
  {
    operationId: 'getOrder',
    method: 'GET',
    path: '/orders/{orderId}',
    auth: true,
    handle: async (ctx) => ({ status: 200, body: ctx.store.withCustomer(orderOr404(ctx)) }),
  },
  {
    operationId: 'updateOrder',
    method: 'PATCH',
    path: '/orders/{orderId}',
    auth: true,
    handle: async (ctx) => {
      const order = orderOr404(ctx);
      const updated = ctx.store.updateOrder(order.id, parseOrderUpdate(await ctx.body()))!;
      return { status: 200, body: ctx.store.withCustomer(updated) };
    },
  },
  {
    operationId: 'cancelOrder',
    method: 'DELETE',
    path: '/orders/{orderId}',
    auth: true,
    handle: async (ctx) => {
      ctx.store.updateOrder(orderOr404(ctx).id, { status: 'cancelled' });
      return { status: 204 };
    },
  },
  {
    operationId: 'refundOrder',
    method: 'POST',
    path: '/orders/{orderId}/refund',
    auth: true,
    handle: async (ctx) => {
      const order = orderOr404(ctx);
      const refund = parseRefund(await ctx.body());
      if (refund.amount !== undefined && refund.amount > order.total) {
        throw new InvalidRequestError(`amount ${refund.amount} is more than the order total ${order.total}`);
      }
      const updated = ctx.store.updateOrder(order.id, { status: 'refunded' })!;
      return { status: 200, body: ctx.store.withCustomer(updated) };
    },
  },
  {
    operationId: 'listCustomers',
    method: 'GET',
    path: '/customers',
    auth: true,
    handle: async ({ store, query }) => {
      const page = store.listCustomers(one(query, 'q'), limitOf(query), one(query, 'cursor'));
      return { status: 200, body: { data: page.rows, next_cursor: page.nextCursor } };
    },
  },
  {
    operationId: 'getCustomer',
    method: 'GET',
    path: '/customers/{customerId}',
    auth: true,
    handle: async ({ store, params }) => {
      const id = params.customerId!;
      const customer = /^cus_[0-9]{4}$/.test(id) ? store.getCustomer(id) : undefined;
      if (!customer) throw notFound(`customer ${id}`);
      return { status: 200, body: customer };
    },
  },
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    auth: false,
    handle: async () => ({ status: 200, body: { status: 'ok', version } }),
  },
];
