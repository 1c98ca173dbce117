/**
 * What the route handlers share: the context and reply types, and parsing of the common query
 * parameters (`limit`, the list filters, `orderId`).
 * @module
 */
import type { Page } from './cursor';
import { ORDER_STATUSES, type Order } from './data';
import { HttpError, enumParam, intParam, timeParam } from './http';
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

/** The first value of a query parameter. */
export const one = (q: URLSearchParams, name: string): string | undefined => q.get(name) ?? undefined;
/** A 200 `OrderPage` answer. */
export const pageReply = (store: OrdersStore, page: Page<Order>): Reply => ({
  status: 200,
  body: { data: page.rows.map((o) => store.withCustomer(o)), next_cursor: page.nextCursor },
});
/** `limit` (1..500, default 50). */
export const limitOf = (q: URLSearchParams): number => {
  const raw = one(q, 'limit');
  return raw === undefined ? 50 : intParam('limit', raw, 1, 500);
};
/** A 404 in the spec's `Error` shape. */
export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);

/** The order of the `orderId` path parameter, or a 404. */
export function orderOr404(ctx: RouteContext): Order {
  const id = ctx.params.orderId!;
  const order = /^ord_[0-9]+$/.test(id) ? ctx.store.getOrder(id) : undefined;
  if (!order) throw notFound(`order ${id}`);
  return order;
}

/** `status`, `customer_id`, `created_after`, `created_before` of listOrders. */
export function listFilter(q: URLSearchParams): OrderFilter {
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
