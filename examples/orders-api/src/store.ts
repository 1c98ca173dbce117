/**
 * The in-memory orders store both example servers answer from: filtering, keyset pages, stats
 * buckets, text search and the few writes. Rows are in the REST API's shape (snake_case); the
 * GraphQL server maps them.
 * @module
 */
import { InvalidRequestError, decodeCursor, paginate, type Page } from './cursor';
import {
  generateData,
  type Currency,
  type Customer,
  type GenerateOptions,
  type LineItem,
  type Order,
  type OrderStatus,
} from './data';

/** Filters of order lists (REST query params and search body, GraphQL `OrderFilter`). */
export interface OrderFilter {
  statuses?: OrderStatus[];
  customerId?: string;
  /** Epoch ms, inclusive. */
  createdAfter?: number;
  /** Epoch ms, exclusive. */
  createdBefore?: number;
  minTotal?: number;
  /** Words that must all appear in the note or the customer's name (case-insensitive). */
  text?: string;
}

/** An order with the customer summary the API adds. */
export type OrderWithCustomer = Order & { customer: { id: string; name: string; email: string } };

/** One stats bucket (`StatsPoint`). */
export interface StatsPoint {
  time: string;
  count: number;
  revenue: number;
}

/** Input of {@link OrdersStore.createOrder} (`NewOrder`). */
export interface NewOrder {
  customer_id: string;
  items: LineItem[];
  currency: Currency;
  note?: string | null;
}

/** The most buckets one stats call may ask for, so a 1m interval over a year is a clear error. */
export const MAX_STATS_BUCKETS = 10_000;

const ORDER_ID = /^ord_[0-9]+$/;
const CUSTOMER_ID = /^cus_[0-9]+$/;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const money = (n: number): number => Math.round(n * 100) / 100;
/** Newest first; the order number breaks ties. */
const newestFirst = (a: Order, b: Order): number =>
  Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number;

/** Options of {@link OrdersStore}: the seed data options plus the clock writes stamp with. */
export interface StoreOptions extends GenerateOptions {
  /** Clock for `created_at`/`updated_at` of writes, epoch ms (default `Date.now`). */
  clock?: () => number;
}

/** Seeded orders and customers plus the operations over them. Each instance has its own copy. */
export class OrdersStore {
  readonly customers: Customer[];
  private orders: Order[];
  private readonly clock: () => number;

  constructor(opts: StoreOptions = {}) {
    const data = generateData(opts);
    this.customers = data.customers;
    this.orders = data.orders;
    this.clock = opts.clock ?? Date.now;
  }

  /** Every order, newest first. */
  allOrders(): readonly Order[] {
    return this.orders;
  }

  getOrder(id: string): Order | undefined {
    return this.orders.find((o) => o.id === id);
  }

  getCustomer(id: string): Customer | undefined {
    return this.customers.find((c) => c.id === id);
  }

  /** The order with the `customer` summary added. */
  withCustomer(order: Order): OrderWithCustomer {
    const c = this.getCustomer(order.customer_id);
    return { ...order, customer: { id: order.customer_id, name: c?.name ?? '', email: c?.email ?? '' } };
  }

  /** Orders matching `filter`, newest first. */
  filterOrders(filter: OrderFilter): Order[] {
    const words = (filter.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    return this.orders.filter((o) => {
      const created = Date.parse(o.created_at);
      if (filter.statuses?.length && !filter.statuses.includes(o.status)) return false;
      if (filter.customerId !== undefined && o.customer_id !== filter.customerId) return false;
      if (filter.createdAfter !== undefined && created < filter.createdAfter) return false;
      if (filter.createdBefore !== undefined && created >= filter.createdBefore) return false;
      if (filter.minTotal !== undefined && o.total < filter.minTotal) return false;
      if (words.length > 0) {
        const hay = `${o.note ?? ''} ${this.getCustomer(o.customer_id)?.name ?? ''}`.toLowerCase();
        if (!words.every((w) => hay.includes(w))) return false;
      }
      return true;
    });
  }

  /** One page of matching orders after `cursor`. */
  listOrders(filter: OrderFilter, limit: number, cursor?: string | null): Page<Order> {
    const rows = this.filterOrders(filter);
    const after = cursor ? this.cursorOrder(cursor) : undefined;
    return paginate(rows, limit, after?.id, () => {
      const i = rows.findIndex((o) => newestFirst(after!, o) < 0);
      return i < 0 ? rows.length : i;
    });
  }

  /** One page of customers whose name or email contains `q`, by id. */
  listCustomers(q: string | undefined, limit: number, cursor?: string | null): Page<Customer> {
    const needle = (q ?? '').toLowerCase();
    const rows = this.customers.filter(
      (c) => !needle || c.name.toLowerCase().includes(needle) || c.email.toLowerCase().includes(needle),
    );
    const afterId = cursor ? decodeCursor(cursor, CUSTOMER_ID) : undefined;
    return paginate(rows, limit, afterId, (id) => {
      const i = rows.findIndex((c) => c.id > id);
      return i < 0 ? rows.length : i;
    });
  }

  /** Count and revenue per bucket of `intervalMs` in [from, to), oldest first, empty buckets included. */
  stats(from: number, to: number, intervalMs: number, status?: OrderStatus): StatsPoint[] {
    if (!(from < to)) throw new InvalidRequestError('from must be before to');
    const first = Math.floor(from / intervalMs) * intervalMs;
    const buckets = Math.ceil((to - first) / intervalMs);
    if (buckets > MAX_STATS_BUCKETS) {
      throw new InvalidRequestError(
        `from..to holds ${buckets} buckets of this interval; at most ${MAX_STATS_BUCKETS}: use a wider interval or a shorter range`,
      );
    }
    const points = Array.from({ length: buckets }, (_, i) => ({
      time: iso(first + i * intervalMs),
      count: 0,
      revenue: 0,
    }));
    for (const o of this.orders) {
      const t = Date.parse(o.created_at);
      if (t < from || t >= to || (status && o.status !== status)) continue;
      const p = points[Math.floor((t - first) / intervalMs)]!;
      p.count += 1;
      p.revenue = money(p.revenue + o.total);
    }
    return points;
  }

  /** Orders created in [from, to) as CSV, oldest first, one order per line after a header. */
  exportCsv(from?: number, to?: number): string {
    const rows = this.filterOrders({ createdAfter: from, createdBefore: to }).reverse();
    const lines = rows.map((o) => [o.id, o.status, o.total.toFixed(2), o.currency, o.created_at].join(','));
    return ['id,status,total,currency,created_at', ...lines].join('\n') + '\n';
  }

  /** Creates a pending order; throws {@link InvalidRequestError} for an unknown customer. */
  createOrder(input: NewOrder): Order {
    if (!this.getCustomer(input.customer_id)) {
      throw new InvalidRequestError(`customer ${input.customer_id} does not exist`);
    }
    const number = Math.max(1000, ...this.orders.map((o) => o.number)) + 1;
    const now = iso(this.clock());
    const items = input.items.map((i) => ({ sku: i.sku, quantity: i.quantity, unit_price: i.unit_price }));
    const order: Order = {
      id: `ord_${number}`,
      number,
      status: 'pending',
      customer_id: input.customer_id,
      items,
      total: money(items.reduce((s, i) => s + i.quantity * i.unit_price, 0)),
      currency: input.currency,
      created_at: now,
      updated_at: now,
      shipped_at: null,
      note: input.note ?? null,
    };
    this.orders = [...this.orders, order].sort(newestFirst);
    return order;
  }

  /** Changes status and/or note; undefined when there is no such order. */
  updateOrder(id: string, patch: { status?: OrderStatus; note?: string | null }): Order | undefined {
    const order = this.getOrder(id);
    if (!order) return undefined;
    if (patch.status !== undefined) order.status = patch.status;
    if (patch.note !== undefined) order.note = patch.note;
    order.updated_at = iso(this.clock());
    return order;
  }

  /** The order behind a cursor; throws {@link InvalidRequestError} when there is none. */
  private cursorOrder(cursor: string): Order {
    const id = decodeCursor(cursor, ORDER_ID);
    const order = this.getOrder(id);
    if (!order)
      throw new InvalidRequestError(`cursor "${cursor}" points at no order; start again without a cursor`);
    return order;
  }
}
