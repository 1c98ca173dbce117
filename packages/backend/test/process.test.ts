/**
 * The plugin as a process, the way Grafana runs it: spawned with go-plugin's environment, its
 * stdout read for the handshake, signals sent. Uses `node --import tsx` on a fixture entry.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';

import { HealthService } from '../src/grpc/gen/health';

const root = join(__dirname, '../../..');
const fixture = join(__dirname, 'fixtures/plugin-main.ts');
const pluginEnv = {
  grafana_plugin_type: 'datasource',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

interface Started {
  child: ChildProcess;
  line: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: Record<string, string> = pluginEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no handshake within 30 s; stderr:\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ child, line: out.slice(0, nl), stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      resolve({ child, line: '', stdout: () => out, stderr: () => err, exited });
    });
  });
}

function healthCheck(target: string): Promise<number> {
  const Ctor = grpc.makeGenericClientConstructor(
    HealthService as unknown as grpc.ServiceDefinition,
    'Health',
  );
  const c = new Ctor(target, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    check: (...a: unknown[]) => void;
  };
  return new Promise((resolve, reject) =>
    c.check({ service: 'plugin' }, (err: Error | null, res: { status: number }) => {
      c.close();
      if (err) reject(err);
      else resolve(res.status);
    }),
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('plugin process', () => {
  it('run without the magic cookie prints go-plugin’s message to stderr, nothing to stdout, and exits 1', async () => {
    const p = await start({ PLUGIN_PROTOCOL_VERSIONS: '2' });
    expect(await p.exited).toEqual({ code: 1, signal: null });
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('This binary is a plugin. These are not meant to be executed directly.\n');
  });

  it('prints only the handshake on stdout, ignores SIGINT and stdin EOF, and exits 0 on SIGTERM removing its socket', async () => {
    const p = await start();
    try {
      expect(p.line).toMatch(/^1\|2\|unix\|\/.+\|grpc\|$/);
      const socket = p.line.split('|')[3]!;
      const target = `unix:${socket}`;
      expect(await healthCheck(target)).toBe(1);

      p.child.stdin!.end(); // Grafana under systemd gives /dev/null: EOF at once
      p.child.kill('SIGINT');
      await sleep(1500);
      expect(p.child.exitCode).toBeNull();
      expect(await healthCheck(target)).toBe(1);
      expect(p.stdout()).toBe(`${p.line}\n`);
      expect(p.stderr()).toContain('stray output from user code');

      p.child.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(existsSync(socket)).toBe(false);
    } finally {
      p.child.kill('SIGKILL');
    }
  });

  it('exits on its own when its parent process dies', async () => {
    // An intermediate parent starts the plugin and reports its pid; then the parent is SIGKILLed.
    const script = `
      const { spawn } = require('node:child_process');
      const c = spawn(process.execPath, ['--import', 'tsx', ${JSON.stringify(fixture)}], {
        cwd: ${JSON.stringify(root)}, env: ${JSON.stringify(pluginEnv)}, stdio: ['ignore', 'pipe', 'ignore'] });
      c.stdout.once('data', () => process.stdout.write(String(c.pid) + '\\n'));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the plugin did not start')), 30_000);
      parent.stdout!.once('data', (d: Buffer) => {
        clearTimeout(timer);
        resolve(Number(d.toString().trim()));
      });
    });
    const alive = (): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    parent.kill('SIGKILL');
    const until = Date.now() + 15_000;
    while (alive() && Date.now() < until) await sleep(100);
    const stillAlive = alive();
    if (stillAlive) process.kill(pid, 'SIGKILL');
    expect(stillAlive).toBe(false);
  });
});
