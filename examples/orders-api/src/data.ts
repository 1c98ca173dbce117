/**
 * Deterministic seeded data for the orders examples: customers and orders whose creation times
 * spread over the 30 days before an anchor time. The same seed and anchor always give the same
 * data, so tests and dashboards see stable numbers.
 * @module
 */

/** Order statuses of the spec (`OrderStatus`). */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Currencies of the spec (`Currency`). */
export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** A customer exactly as the REST API returns it (`Customer`). */
export interface Customer {
  id: string;
  name: string;
  email: string;
  country: string | null;
  created_at: string;
}

/** An order line (`LineItem`). */
export interface LineItem {
  sku: string;
  quantity: number;
  unit_price: number;
}

/** An order as stored; the API adds the `customer` summary when it answers. */
export interface Order {
  id: string;
  number: number;
  status: OrderStatus;
  customer_id: string;
  items: LineItem[];
  total: number;
  currency: Currency;
  created_at: string;
  updated_at: string;
  shipped_at: string | null;
  note: string | null;
}

/** Options of {@link generateData}. */
export interface GenerateOptions {
  /** PRNG seed (default 42). */
  seed?: number;
  /** The "now" the 30-day window ends at, epoch ms (default: the current minute). */
  now?: number;
  /** Number of orders (default 500). */
  orders?: number;
  /** Number of customers (default 40). */
  customers?: number;
}

/** Seeded customers and orders; orders sorted newest first. */
export interface SeedData {
  customers: Customer[];
  orders: Order[];
}

const DAY_MS = 86_400_000;

/** mulberry32: tiny, fast and good enough for sample data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The first customer matches the spec's examples (cus_0001, Ada Lovelace, ada@example.com).
const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Katherine',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Linus',
  'Radia',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Johnson',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Torvalds',
  'Perlman',
];
const COUNTRIES: (string | null)[] = ['GB', 'US', 'DE', 'FR', 'NL', 'IE', null];
const CURRENCY_OF: Record<string, Currency> = { GB: 'GBP', US: 'USD' };
const SKUS = ['SKU-RED-1', 'SKU-BLUE-2', 'SKU-GREEN-3', 'SKU-MUG-4', 'SKU-CAP-5', 'SKU-BAG-6', 'SKU-PEN-7'];
const NOTES = ['gift wrap please', 'leave at the door', 'call before delivery', 'fragile', 'office address'];

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const money = (n: number): number => Math.round(n * 100) / 100;

/** Status by age: recent orders are still open, older ones shipped or delivered, a few cancelled. */
function statusFor(ageDays: number, r: number): OrderStatus {
  if (r < 0.05) return 'cancelled';
  if (r < 0.08) return 'refunded';
  if (ageDays < 1) return r < 0.5 ? 'pending' : 'paid';
  if (ageDays < 3) return r < 0.3 ? 'paid' : 'shipped';
  return r < 0.25 ? 'shipped' : 'delivered';
}

/**
 * Generates customers and orders. Order `n` (ids `ord_1001`…) is created later than order `n-1`;
 * creation times spread over the 30 days before `now`. Totals are the sum of the line items.
 */
export function generateData(opts: GenerateOptions = {}): SeedData {
  const rand = prng(opts.seed ?? 42);
  const now = opts.now ?? Math.floor(Date.now() / 60_000) * 60_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const start = now - 30 * DAY_MS;

  const customers: Customer[] = [];
  const customerCount = opts.customers ?? 40;
  for (let i = 0; i < customerCount; i++) {
    const first = i === 0 ? 'Ada' : FIRST[i % FIRST.length]!;
    const last = i === 0 ? 'Lovelace' : LAST[(i * 3 + Math.floor(i / LAST.length)) % LAST.length]!;
    const suffix = i < FIRST.length ? '' : String(Math.floor(i / FIRST.length) + 1);
    customers.push({
      id: `cus_${String(i + 1).padStart(4, '0')}`,
      name: `${first} ${last}`,
      email: i === 0 ? 'ada@example.com' : `${first}.${last}${suffix}@example.com`.toLowerCase(),
      country: i === 0 ? 'GB' : pick(COUNTRIES),
      created_at: iso(start - Math.floor(rand() * 365) * DAY_MS - Math.floor(rand() * DAY_MS)),
    });
  }

  const orders: Order[] = [];
  const count = opts.orders ?? 500;
  const step = (30 * DAY_MS) / count;
  for (let i = 0; i < count; i++) {
    // Evenly spread with jitter inside each slot, so creation order matches order numbers.
    const created = Math.floor(start + i * step + rand() * step * 0.9);
    const customer = pick(customers);
    const items: LineItem[] = [];
    const lines = 1 + Math.floor(rand() * 4);
    for (let l = 0; l < lines; l++) {
      items.push({
        sku: pick(SKUS),
        quantity: 1 + Math.floor(rand() * 5),
        unit_price: money(2 + rand() * 98),
      });
    }
    const status = statusFor((now - created) / DAY_MS, rand());
    const shipped =
      status === 'shipped' || status === 'delivered' || status === 'refunded'
        ? Math.min(now, created + Math.floor((0.2 + rand()) * DAY_MS))
        : null;
    const updated = Math.min(now, Math.max(shipped ?? created, created + Math.floor(rand() * 3_600_000)));
    orders.push({
      id: `ord_${1001 + i}`,
      number: 1001 + i,
      status,
      customer_id: customer.id,
      items,
      total: money(items.reduce((sum, it) => sum + it.quantity * it.unit_price, 0)),
      currency: CURRENCY_OF[customer.country ?? ''] ?? 'EUR',
      created_at: iso(created),
      updated_at: iso(updated),
      shipped_at: shipped === null ? null : iso(shipped),
      note: rand() < 0.3 ? pick(NOTES) : null,
    });
  }
  orders.reverse();
  return { customers, orders };
}
