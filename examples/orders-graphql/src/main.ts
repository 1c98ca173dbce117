/**
 * CLI: `node --import tsx examples/orders-graphql/src/main.ts [--port 8788] [--host 127.0.0.1]
 * [--api-key KEY] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]`. Prints the endpoint URL, then serves until SIGINT/SIGTERM.
 * @module
 */
import { parseArgs } from 'node:util';

import { startOrdersGraphql } from './server';

const USAGE =
  'usage: main.ts [--port 8788] [--host 127.0.0.1] [--api-key KEY] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]';

function timeFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t)) throw new Error(`--${name} must be an ISO 8601 time, got "${raw}"\n${USAGE}`);
  return t;
}

function intFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a whole number, got "${raw}"\n${USAGE}`);
  return Number(raw);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      seed: { type: 'string' },
      orders: { type: 'string' },
      now: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const seed = intFlag('seed', values.seed);
  const orders = intFlag('orders', values.orders);
  const now = timeFlag('now', values.now);
  const gql = await startOrdersGraphql({
    port: intFlag('port', values.port ?? process.env.PORT) ?? 8788,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? process.env.ORDERS_GRAPHQL_API_KEY,
    data: {
      ...(seed === undefined ? {} : { seed }),
      ...(orders === undefined ? {} : { orders }),
      ...(now === undefined ? {} : { now }),
    },
  });
  process.stdout.write(`orders GraphQL listening on ${gql.endpoint}\n`);
  const stop = (): void => void gql.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exitCode = 1;
});
