/**
 * The operations of orders.openapi.yaml, one handler each, keyed by operationId. Handlers get
 * parsed inputs and return a reply; auth, rate limits and error bodies are the server's job.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { parseNewOrder, parseOrderUpdate, parseRefund, parseSearch, objectBody } from './bodies';
import { InvalidRequestError } from './cursor';
import { ORDER_STATUSES } from './data';
import { enumParam, intParam, timeParam } from './http';
import {
  limitOf,
  listFilter,
  notFound,
  one,
  orderOr404,
  pageReply,
  type Reply,
  type Route,
  type RouteContext,
} from './route-kit';

export type { Reply, Route, RouteContext } from './route-kit';

const version = '1.2.0';
const INTERVALS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 };

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
