/**
 * `@dsforge/example-orders-api`: a small server implementing examples/schemas/orders.openapi.yaml
 * over deterministic seeded data, plus the data and store the GraphQL example shares.
 *
 * @example
 * const api = await startOrdersApi({ apiKey: 'demo-key', slowMs: 100 });
 * await fetch(`${api.baseUrl}/orders?limit=5`, { headers: { authorization: 'Token demo-key' } });
 * await api.close();
 * @module
 */
export { startOrdersApi, BASE_PATH, type OrdersApi, type OrdersApiOptions } from './server';
export { intFlag, timeFlag, dataFlags, DATA_FLAGS } from './cli-flags';
export {
  OrdersStore,
  MAX_STATS_BUCKETS,
  type OrderFilter,
  type OrderWithCustomer,
  type NewOrder,
  type StatsPoint,
  type StoreOptions,
} from './store';
export {
  generateData,
  ORDER_STATUSES,
  CURRENCIES,
  type Customer,
  type Order,
  type LineItem,
  type OrderStatus,
  type Currency,
  type GenerateOptions,
  type SeedData,
} from './data';
export { encodeCursor, decodeCursor, InvalidRequestError, type Page } from './cursor';
export type { RateLimit } from './rate-limit';
export { parseNewOrder } from './bodies';
