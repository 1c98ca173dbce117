// Records the traffic the committed generated packages replay in their tests (test/recordings/),
// then rewrites their "recorded" golden files from it:
//   acme-orders-datasource        ← the sample orders REST API (examples/orders-api), a real server
//   acme-ordersgraphql-datasource ← the sample orders GraphQL API (examples/orders-graphql)
//   influxdb-oss-datasource       ← its own schema mock: no InfluxDB 2 server is available here
//                                   (Debian ships InfluxDB 1.x, which has no /api/v2)
// Each package's own test does the recording (DSFORGE_RECORD_URL), exactly as a user records a
// real API; this script only starts the servers. Run: node scripts/record-generated.mjs [id...]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Starts a sample server CLI on a free port; resolves with its URL (the first http URL it prints). */
function startServer(script, args) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const url = /http:\/\/[\d.]+:\d+/.exec(out)?.[0];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before printing its URL`)));
  });
}

const key = `rec-${randomBytes(12).toString('hex')}`;
const PACKAGES = {
  'acme-orders-datasource': {
    server: [
      'examples/orders-api/src/main.ts',
      [
        '--api-key',
        key,
        '--slow-ms',
        '50',
        '--rate-limit',
        '0',
        '--strict-rate-limit',
        '1000',
        '--orders',
        '60',
        '--now',
        '2026-01-15T09:30:00Z',
      ],
    ],
    secrets: { apiKey: key },
  },
  'acme-ordersgraphql-datasource': {
    server: ['examples/orders-graphql/src/main.ts', ['--orders', '60', '--now', '2026-01-15T09:30:00Z']],
    secrets: {},
  },
  'influxdb-oss-datasource': { url: 'mock' },
};

const only = process.argv.slice(2);
let failed = 0;
for (const [id, p] of Object.entries(PACKAGES)) {
  if (only.length && !only.includes(id)) continue;
  const server = p.server ? await startServer(...p.server) : undefined;
  try {
    const env = { ...process.env, DSFORGE_RECORD_URL: server?.url ?? p.url, CI: '' };
    if (p.secrets) env.DSFORGE_RECORD_SECRETS = JSON.stringify(p.secrets);
    console.log(`● recording ${id} from ${env.DSFORGE_RECORD_URL}`);
    const r = spawnSync('pnpm', ['exec', 'jest', `packages/${id}/`, '-t', 'recorded traffic'], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (r.status !== 0) failed++;
  } finally {
    server?.stop();
  }
}
process.exit(failed ? 1 : 0);
