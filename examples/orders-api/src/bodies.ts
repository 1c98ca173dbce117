/**
 * Request bodies of the write and search operations, checked by hand against the spec's
 * `SearchRequest`, `NewOrder`, `OrderUpdate` and refund schemas. A wrong body is an
 * {@link InvalidRequestError} naming the property.
 * @module
 */
import { InvalidRequestError } from './cursor';
import { CURRENCIES, ORDER_STATUSES, type LineItem, type OrderStatus } from './data';
import { enumParam, intParam, numberParam, timeParam } from './http';
import type { NewOrder, OrderFilter } from './store';

type Json = Record<string, unknown>;

/** The body as an object; `required` says whether it may be missing. */
export function objectBody(raw: unknown, required: boolean): Json {
  if (raw === undefined && !required) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidRequestError('request body must be a JSON object');
  }
  return raw as Json;
}

function optionalString(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new InvalidRequestError(`${name} must be a string`);
  return raw;
}

function nullableString(name: string, raw: unknown): string | null | undefined {
  return raw === null ? null : optionalString(name, raw);
}

/** `SearchRequest` → filter, page size and cursor. */
export function parseSearch(raw: unknown): { filter: OrderFilter; limit: number; cursor: string | null } {
  const b = objectBody(raw, true);
  const filter: OrderFilter = {};
  const text = optionalString('text', b.text);
  if (text !== undefined) filter.text = text;
  if (b.statuses !== undefined) {
    if (!Array.isArray(b.statuses))
      throw new InvalidRequestError('statuses must be an array of order statuses');
    filter.statuses = b.statuses.map((s, i) => enumParam(`statuses[${i}]`, s, ORDER_STATUSES));
  }
  if (b.min_total !== undefined) filter.minTotal = numberParam('min_total', b.min_total);
  if (b.from !== undefined) filter.createdAfter = timeParam('from', b.from);
  if (b.to !== undefined) filter.createdBefore = timeParam('to', b.to);
  const limit = b.limit === undefined ? 50 : intParam('limit', b.limit, 1, 500);
  return { filter, limit, cursor: nullableString('cursor', b.cursor) ?? null };
}

function lineItem(raw: unknown, i: number): LineItem {
  const it = objectBody(raw, true);
  const sku = optionalString(`items[${i}].sku`, it.sku);
  if (!sku) throw new InvalidRequestError(`items[${i}].sku is required`);
  const quantity = intParam(`items[${i}].quantity`, it.quantity, 1, 1_000_000);
  const unitPrice = numberParam(`items[${i}].unit_price`, it.unit_price);
  if (unitPrice < 0) throw new InvalidRequestError(`items[${i}].unit_price must be at least 0`);
  return { sku, quantity, unit_price: unitPrice };
}

/** `NewOrder`. */
export function parseNewOrder(raw: unknown): NewOrder {
  const b = objectBody(raw, true);
  const customerId = optionalString('customer_id', b.customer_id);
  if (!customerId) throw new InvalidRequestError('customer_id is required');
  if (!Array.isArray(b.items) || b.items.length === 0) {
    throw new InvalidRequestError('items must be an array with at least one line item');
  }
  return {
    customer_id: customerId,
    items: b.items.map(lineItem),
    currency: enumParam('currency', b.currency, CURRENCIES),
    note: nullableString('note', b.note) ?? null,
  };
}

/** `OrderUpdate`: status and/or note. */
export function parseOrderUpdate(raw: unknown): { status?: OrderStatus; note?: string | null } {
  const b = objectBody(raw, true);
  const out: { status?: OrderStatus; note?: string | null } = {};
  if (b.status !== undefined) out.status = enumParam('status', b.status, ORDER_STATUSES);
  const note = nullableString('note', b.note);
  if (note !== undefined) out.note = note;
  return out;
}

/** The refund body: optional `amount` (≥ 0) and `reason`. */
export function parseRefund(raw: unknown): { amount?: number; reason?: string | null } {
  const b = objectBody(raw, false);
  const out: { amount?: number; reason?: string | null } = {};
  if (b.amount !== undefined) {
    out.amount = numberParam('amount', b.amount);
    if (out.amount < 0) throw new InvalidRequestError('amount must be at least 0');
  }
  const reason = nullableString('reason', b.reason);
  if (reason !== undefined) out.reason = reason;
  return out;
}
