/**
 * CLI: `node --import tsx examples/orders-api/src/main.ts [--port 8787] [--host 127.0.0.1]
 * [--api-key demo-key] [--slow-ms 5000] [--rate-limit 600] [--strict-rate-limit 2] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]`. Prints the URL to put in
 * a datasource's URL setting, then serves until SIGINT/SIGTERM.
 * @module
 */
import { parseArgs } from 'node:util';

import { DATA_FLAGS, dataFlags, intFlag } from './cli-flags';
import { startOrdersApi } from './server';

const USAGE = `usage: main.ts [--port 8787] [--host 127.0.0.1] [--api-key demo-key] [--slow-ms 5000] [--rate-limit 600] [--strict-rate-limit 2] [--seed 42] [--orders 500] [--now 2026-01-15T09:30:00Z]`;

const int = (name: string, raw: string | undefined) => intFlag(name, raw, USAGE);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      'slow-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'strict-rate-limit': { type: 'string' },
      ...DATA_FLAGS,
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rate = int('rate-limit', values['rate-limit']);
  const strict = int('strict-rate-limit', values['strict-rate-limit']);
  const api = await startOrdersApi({
    port: int('port', values.port ?? process.env.PORT) ?? 8787,
    host: values.host ?? '127.0.0.1',
    apiKey: values['api-key'] ?? process.env.ORDERS_API_KEY ?? 'demo-key',
    slowMs: int('slow-ms', values['slow-ms']),
    rateLimit: rate === undefined ? undefined : rate === 0 ? false : { requests: rate, windowMs: 60_000 },
    strictRateLimit: strict === undefined ? undefined : { requests: strict, windowMs: 60_000 },
    data: dataFlags(values, USAGE),
  });
  process.stdout.write(`orders API listening on ${api.url} (operations under ${api.baseUrl})\n`);
  const stop = (): void => void api.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exitCode = 1;
});
