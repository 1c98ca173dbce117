/**
 * CLI: `node --import tsx examples/orders-graphql/src/main.ts [--port 8788] [--host 127.0.0.1]
 * [--api-key KEY] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]`. Prints the endpoint URL, then serves until SIGINT/SIGTERM.
 * @module
 */
import { parseArgs } from 'node:util';

import { DATA_FLAGS, dataFlags, intFlag } from '@dsforge/example-orders-api';

import { startOrdersGraphql } from './server';

const USAGE =
  'usage: main.ts [--port 8788] [--host 127.0.0.1] [--api-key KEY] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      ...DATA_FLAGS,
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const gql = await startOrdersGraphql({
    port: intFlag('port', values.port ?? process.env.PORT, USAGE) ?? 8788,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? process.env.ORDERS_GRAPHQL_API_KEY,
    data: dataFlags(values, USAGE),
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
