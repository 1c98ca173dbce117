/** The CLI prints the URL it listens on, serves, and exits cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

test('main.ts prints its URL, answers /api/v1/health and exits 0 on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/orders-api/src/main.ts', '--port', '0', '--slow-ms', '10'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    while (!out.includes('\n')) {
      const [chunk] = (await Promise.race([once(child.stdout, 'data'), once(child, 'exit')])) as [string];
      if (typeof chunk !== 'string') throw new Error(`main.ts exited early with ${String(chunk)}`);
      out += chunk;
    }
    const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${url}/api/v1/health`);
    expect(await res.json()).toEqual({ status: 'ok', version: '1.2.0' });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('main.ts rejects a bad flag with a message naming it and exit code 1', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/orders-api/src/main.ts', '--port', 'abc'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const [code] = await once(child, 'exit');
  expect(code).toBe(1);
  expect(err).toContain('--port must be a whole number');
});
