// The README demo of `create-datasource` (issue 4): from the orders OpenAPI schema to a running
// Grafana datasource querying a real API.
//   1. generate from examples/schemas/orders.openapi.yaml into a temporary folder and compare it
//      with the committed packages/acme-orders-datasource (it is exactly what the generator makes);
//   2. start the sample orders API (examples/orders-api, API key `demo-key`);
//   3. build the committed package's backend and frontend (`dsforge build --targets linux_amd64`);
//   4. launch the plugin binary as Grafana does (startPlugin from @dsforge/testing), run Save &
//      test and three queries, and print each frame as a table (field names, types, first rows).
// Exits 0 when every step worked. `node scripts/demo-orders.mjs [--rows N]`
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const ID = 'acme-orders-datasource';
const committed = join(root, 'packages', ID);
const rowsArg = process.argv.indexOf('--rows');
const SHOW_ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) || 5 : 5;

const timings = [];
async function step(label, fn) {
  const t0 = Date.now();
  console.log(`\n== ${label}`);
  try {
    const out = await fn();
    const s = (Date.now() - t0) / 1000;
    timings.push([label, s]);
    console.log(`== ${label}: done in ${s.toFixed(1)}s`);
    return out;
  } catch (err) {
    console.error(`demo-orders: "${label}" failed: ${err?.stack ?? err}`);
    process.exit(1);
  }
}

function files(dir, base = dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, base, out);
    else out.push(relative(base, full));
  }
  return out.sort();
}

// --- frames as a Grafana-like text table ---------------------------------------------------
const WIDTH = 26;
function cell(v, type) {
  if (v === null || v === undefined) return 'null';
  if (type === 'time' && typeof v === 'bigint') return new Date(Number(v / 1_000_000n)).toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? String(x) : x));
  return String(v);
}
const clip = (s) => (s.length > WIDTH ? `${s.slice(0, WIDTH - 1)}…` : s);
function printFrame(frame, { maxColumns = 7 } = {}) {
  const fields = frame.fields.slice(0, maxColumns);
  const hidden = frame.fields.length - fields.length;
  const rows = Math.min(frame.rowCount, SHOW_ROWS);
  const table = [
    fields.map((f) => f.name),
    fields.map((f) => f.type),
    ...Array.from({ length: rows }, (_, i) => fields.map((f) => cell(f.values[i], f.type))),
  ].map((r) => r.map(clip));
  const widths = fields.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  console.log(`frame "${frame.name}": ${frame.rowCount} rows × ${frame.fields.length} fields`);
  console.log(line(table[0]));
  console.log(line(table[1]));
  console.log(rule);
  for (const r of table.slice(2)) console.log(line(r));
  if (frame.rowCount > rows) console.log(`… ${frame.rowCount - rows} more rows`);
  if (hidden > 0)
    console.log(
      `… ${hidden} more fields: ${frame.fields
        .slice(maxColumns)
        .map((f) => f.name)
        .join(', ')}`,
    );
  for (const n of frame.meta?.notices ?? []) console.log(`notice (${n.severity}): ${n.text}`);
  if (frame.meta?.executedQueryString) console.log(`executed: ${frame.meta.executedQueryString}`);
}

// --- 1. generate and compare --------------------------------------------------------------
await step('create-datasource --openapi examples/schemas/orders.openapi.yaml --name "Orders API"', () => {
  const createdAt = JSON.parse(readFileSync(join(committed, 'package.json'), 'utf8')).dsforge?.createdAt;
  // Two levels below the root like packages/<id>, so the recorded relative schema path matches.
  const out = join(root, `.demo-orders-${process.pid}`);
  try {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'tools/codegen/bin/create-datasource.cjs'),
        '--openapi',
        'examples/schemas/orders.openapi.yaml',
        '--name',
        'Orders API',
        '--id',
        ID,
        '--out',
        out,
        ...(createdAt ? ['--created-at', createdAt] : []),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`create-datasource exited ${r.status}:\n${r.stderr}`);
    const fresh = join(out, ID);
    const a = files(committed);
    const b = files(fresh);
    const differ = [
      ...a.filter((f) => !b.includes(f)),
      ...b.filter((f) => !a.includes(f)),
      ...a.filter(
        (f) => b.includes(f) && !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))),
      ),
    ];
    console.log(`generated ${b.length} files into ${relative(root, fresh)}/`);
    if (differ.length === 0) console.log(`identical to the committed packages/${ID} (${a.length} files)`);
    else
      console.log(
        `warning: packages/${ID} differs from a fresh generation in ${differ.length} file(s) ` +
          `(${differ.slice(0, 5).join(', ')}); run node scripts/check-generated.mjs --write`,
      );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

// --- 2. the sample API ----------------------------------------------------------------------
const { startOrdersApi } = await tsImport('../examples/orders-api/src/index.ts', import.meta.url);
const api = await step('start the sample orders API (examples/orders-api)', async () => {
  const a = await startOrdersApi({ port: 0, apiKey: 'demo-key' });
  console.log(`listening at ${a.url} (operations under ${a.baseUrl}; Authorization: Token demo-key)`);
  return a;
});

// --- 3. build -------------------------------------------------------------------------------
const binary = await step(`dsforge build packages/${ID} --targets linux_amd64`, () => {
  const r = spawnSync(
    process.execPath,
    [join(root, 'tools/codegen/bin/dsforge.cjs'), 'build', committed, '--targets', 'linux_amd64'],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`dsforge build exited ${r.status}`);
  const bin = join(committed, 'dist', 'gpx_acme_orders_datasource_linux_amd64');
  if (!existsSync(bin)) throw new Error(`no binary at ${bin}`);
  return bin;
});

// --- 4. query through the host --------------------------------------------------------------
const { startPlugin } = await tsImport('../packages/testing/src/index.ts', import.meta.url);
let plugin;
try {
  plugin = await step('launch the plugin as Grafana does (startPlugin) and Save & test', async () => {
    const p = await startPlugin(binary, {
      settings: {
        url: api.url,
        jsonData: {
          authType: 'apiKey',
          apiKeyIn: 'header',
          apiKeyHeader: 'Authorization',
          apiKeyPrefix: 'Token ',
        },
      },
      secrets: { apiKey: 'demo-key' },
    });
    const health = await p.health();
    console.log(`CheckHealth: ${health.status} — ${health.message}`);
    if (health.status !== 'OK') throw new Error('Save & test failed');
    return p;
  });

  const week = { from: new Date(Date.now() - 7 * 86_400_000), to: new Date() };
  const queries = [
    [
      'listOrders: every order, 100 per page (cursor pagination)',
      { operationId: 'listOrders', params: { limit: 100 } },
    ],
    [
      'listOrders filtered: status = shipped (sent to the API), total > 200 (filtered in Grafana)',
      {
        operationId: 'listOrders',
        params: { limit: 500 },
        filters: [
          { field: 'status', op: 'eq', value: 'shipped' },
          { field: 'total', op: 'gt', value: '200' },
        ],
      },
    ],
    [
      'getOrderStats: daily count and revenue over the last 7 days',
      { operationId: 'getOrderStats', params: { from: '$__timeFrom', to: '$__timeTo', interval: '1d' } },
    ],
  ];
  for (const [label, json] of queries) {
    await step(`query ${label}`, async () => {
      const res = await plugin.query([{ refId: 'A', json, timeRange: week }]);
      if (res.A?.error) throw new Error(`query failed (${res.A.status}): ${res.A.error}`);
      for (const frame of res.A?.frames ?? []) printFrame(frame);
    });
  }
} finally {
  await plugin?.shutdown();
  await api.close();
}

console.log('\nstep durations:');
for (const [label, s] of timings) console.log(`  ${s.toFixed(2).padStart(6)}s  ${label}`);
console.log('\ndemo-orders: OK');
process.exit(0);
