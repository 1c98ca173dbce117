/**
 * CLI: `node --import tsx examples/orders-graphql/src/main.ts [--port 8788] [--host 127.0.0.1]
 * [--api-key KEY] [--seed 42]`. Prints the endpoint URL, then serves until SIGINT/SIGTERM.
 * @module
 */
import { parseArgs } from 'node:util';

import { startOrdersGraphql } from './server';

const USAGE = 'usage: main.ts [--port 8788] [--host 127.0.0.1] [--api-key KEY] [--seed 42]';

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
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const seed = intFlag('seed', values.seed);
  const gql = await startOrdersGraphql({
    port: intFlag('port', values.port ?? process.env.PORT) ?? 8788,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? process.env.ORDERS_GRAPHQL_API_KEY,
    data: seed === undefined ? undefined : { seed },
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
