/**
 * Resolvers of orders.graphql over the shared {@link OrdersStore}: a root value for `Query` and
 * `Mutation`, and plain objects (with function fields for arguments) for `Order` and `Customer`.
 * Enum values are the REST ones upper-cased; field names are camelCase.
 * @module
 */
import {
  InvalidRequestError,
  parseNewOrder,
  type Customer,
  type Order,
  type OrderFilter,
  type OrderStatus,
  type OrdersStore,
} from '@dsforge/example-orders-api';
import { GraphQLError } from 'graphql';

import { checkFirst, toConnection } from './connection';

/** The `version` the service reports (the spec's `info.version`). */
export const VERSION = '1.2.0';

const INTERVAL_MS: Record<string, number> = {
  MINUTE: 60_000,
  FIVE_MINUTES: 300_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
};

type Args = Record<string, unknown>;
const badInput = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
const lower = (s: unknown): OrderStatus => String(s).toLowerCase() as OrderStatus;

/** Runs `fn`, turning the store's invalid-request errors into GraphQL input errors. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InvalidRequestError) throw badInput(e.message);
    throw e;
  }
}

function time(name: string, raw: unknown): number {
  const ms = typeof raw === 'string' ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) throw badInput(`${name} must be an ISO-8601 date-time such as 2026-01-15T09:30:00Z`);
  return ms;
}

function orderFilter(raw: unknown): OrderFilter {
  const f = (raw ?? {}) as Args;
  const out: OrderFilter = {};
  if (Array.isArray(f.status)) out.statuses = f.status.map(lower);
  if (typeof f.customerId === 'string') out.customerId = f.customerId;
  if (f.createdAfter != null) out.createdAfter = time('filter.createdAfter', f.createdAfter);
  if (f.createdBefore != null) out.createdBefore = time('filter.createdBefore', f.createdBefore);
  if (typeof f.minTotal === 'number') out.minTotal = f.minTotal;
  return out;
}

/** Builds the GraphQL objects and the root value over one store. */
export function createRoot(store: OrdersStore): Record<string, unknown> {
  const customer = (c: Customer) => ({
    __typename: 'Customer',
    id: c.id,
    name: c.name,
    email: c.email,
    country: c.country,
    createdAt: c.created_at,
    orders: (args: Args) =>
      guarded(() =>
        toConnection(
          store.listOrders({ customerId: c.id }, checkFirst(args.first as number, 20), args.after as string),
          order,
        ),
      ),
  });
  const order = (o: Order) => ({
    __typename: 'Order',
    id: o.id,
    number: o.number,
    status: o.status.toUpperCase(),
    customer: () => customer(store.getCustomer(o.customer_id)!),
    items: o.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price })),
    total: o.total,
    currency: o.currency,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    shippedAt: o.shipped_at,
    note: o.note,
  });
  const byId = (id: unknown) => {
    const o = store.getOrder(String(id));
    if (o) return order(o);
    const c = store.getCustomer(String(id));
    return c ? customer(c) : null;
  };

  return {
    orders: (args: Args) =>
      guarded(() =>
        toConnection(
          store.listOrders(
            orderFilter(args.filter),
            checkFirst(args.first as number, 50),
            args.after as string,
          ),
          order,
        ),
      ),
    order: ({ id }: Args) => {
      const o = store.getOrder(String(id));
      return o ? order(o) : null;
    },
    customers: (args: Args) =>
      guarded(() =>
        toConnection(
          store.listCustomers(
            args.search as string,
            checkFirst(args.first as number, 50),
            args.after as string,
          ),
          customer,
        ),
      ),
    customer: ({ id }: Args) => {
      const c = store.getCustomer(String(id));
      return c ? customer(c) : null;
    },
    orderStats: (args: Args) =>
      guarded(() =>
        store.stats(
          time('from', args.from),
          time('to', args.to),
          INTERVAL_MS[String(args.interval ?? 'HOUR')]!,
          args.status == null ? undefined : lower(args.status),
        ),
      ),
    search: ({ text, limit }: Args) => {
      const max = typeof limit === 'number' ? limit : 20;
      if (!Number.isInteger(max) || max < 1 || max > 500) throw badInput('limit must be between 1 and 500');
      const words = String(text).toLowerCase().split(/\s+/).filter(Boolean);
      const customers = store.customers.filter((c) =>
        words.every((w) => `${c.name} ${c.email}`.toLowerCase().includes(w)),
      );
      const orders = store.filterOrders({ text: String(text) });
      return [...customers.map(customer), ...orders.map(order)].slice(0, max);
    },
    node: ({ id }: Args) => byId(id),
    version: () => VERSION,
    createOrder: ({ input }: Args) =>
      guarded(() => {
        const i = input as Args;
        const items = Array.isArray(i.items) ? (i.items as Args[]) : [];
        const parsed = parseNewOrder({
          customer_id: i.customerId,
          items: items.map((it) => ({ sku: it.sku, quantity: it.quantity, unit_price: it.unitPrice })),
          currency: i.currency,
          note: i.note ?? null,
        });
        return order(store.createOrder(parsed));
      }),
    cancelOrder: ({ id }: Args) => {
      const updated = store.updateOrder(String(id), { status: 'cancelled' });
      if (!updated)
        throw new GraphQLError(`order ${String(id)} not found`, { extensions: { code: 'NOT_FOUND' } });
      return order(updated);
    },
  };
}
