/** The GraphQL CLI prints its endpoint, answers a query, and exits cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

test('main.ts prints its endpoint, answers { version } and exits 0 on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/orders-graphql/src/main.ts', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!out.includes('\n')) {
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [string];
      if (typeof chunk !== 'string') throw new Error(`main.ts exited early with ${String(chunk)}`);
      out += chunk;
    }
    const endpoint = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const res = await fetch(endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ version }' }),
    });
    expect(await res.json()).toEqual({ data: { version: '1.2.0' } });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
