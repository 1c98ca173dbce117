/**
 * `@dsforge/example-orders-graphql`: a GraphQL-over-HTTP server implementing
 * examples/schemas/orders.graphql over the same seeded data as `@dsforge/example-orders-api`.
 *
 * @example
 * const gql = await startOrdersGraphql();
 * await fetch(gql.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ query: '{ orders(first: 5) { edges { node { id total } } } }' }) });
 * await gql.close();
 * @module
 */
export { startOrdersGraphql, GRAPHQL_PATH, type OrdersGraphql, type OrdersGraphqlOptions } from './server';
export { ordersSchema, SCHEMA_PATH } from './schema';
export { createRoot, VERSION } from './resolvers';
export { MAX_FIRST, type Connection } from './connection';
