/**
 * Runnable README example: start a plugin like Grafana, query it, cancel a query, shut it down.
 *
 *   pnpm exec tsx packages/testing/src/examples/drive-plugin.ts [binary]
 *
 * Default binary: the example plugin's packaged Linux build, else the Go reference plugin.
 */
import { existsSync } from 'node:fs';
import { findPluginBinary, startPlugin } from '@dsforge/testing';

async function main(): Promise<void> {
  const fallback = 'tools/conformance/bin/refplugin';
  let packaged: string | undefined;
  try {
    packaged = findPluginBinary('examples/example-datasource');
  } catch {
    packaged = undefined; // the example package is not there (yet)
  }
  const binary = process.argv[2] ?? (packaged && existsSync(packaged) ? packaged : fallback);

  const plugin = await startPlugin(binary, {
    settings: { uid: 'my-ds', jsonData: { region: 'eu' } },
    secrets: { apiKey: 'test-key' },
  });
  try {
    const res = await plugin.query([{ refId: 'A', json: { scenario: 'rows', rows: 3 } }]);
    const a = res.A;
    console.warn(
      'query A:',
      a?.status,
      a?.frames[0]?.fields.map((f) => `${f.name}:${f.type}`),
    );

    console.warn('health:', await plugin.health());

    const echo = await plugin.resource({ method: 'POST', path: 'echo?x=1', body: 'hi' });
    console.warn('echo:', echo.status, echo.body.toString());

    for await (const packet of plugin.stream('ticks', { count: 2 }))
      console.warn('tick:', JSON.stringify(packet));

    const cancel = new AbortController();
    const pending = plugin.query([{ refId: 'S', json: { scenario: 'slow' } }], { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 200);
    await pending.catch((e: { codeName?: string }) => console.warn('slow query:', e.codeName));
    const line = await plugin.waitForLog((l) => l.message === 'query cancelled');
    console.warn('plugin logged:', line.level, line.message, line.fields);
  } finally {
    console.warn('shutdown:', await plugin.shutdown());
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
