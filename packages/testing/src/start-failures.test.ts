/**
 * How startPlugin launches a process and reports plugins that fail to start, using small shell
 * scripts as fake plugins. (No PATH is given to plugins, so the scripts use only sh builtins or
 * absolute paths.)
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginStartError, startPlugin } from './index';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsforge-fake-plugins-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes an executable `#!/bin/sh` script and returns its path. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('startPlugin failures', () => {
  it('rejects a plugin whose first stdout line is not a handshake', async () => {
    const bin = script('garbage', 'echo hello\necho "1|2|unix|/tmp/x|grpc|"');
    const err = await startPlugin(bin).catch((e) => e);
    expect(err).toBeInstanceOf(PluginStartError);
    expect(err.message).toContain('Unrecognized remote plugin message: hello');
  });

  it('reports a plugin that exits before the handshake, with its stderr', async () => {
    const bin = script('exits', 'echo "cannot read config: missing apiKey" >&2\nexit 3');
    const err = await startPlugin(bin).catch((e) => e);
    expect(err).toBeInstanceOf(PluginStartError);
    expect(err.message).toContain('plugin exited before we could connect (exit code 3)');
    expect(err.stderrTail).toEqual(['cannot read config: missing apiKey']);
    expect(err.message).toContain('cannot read config: missing apiKey');
  });

  it('gives up after startTimeoutMs when no handshake arrives', async () => {
    const bin = script('hangs', 'exec /bin/sleep 30');
    const err = await startPlugin(bin, { startTimeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(PluginStartError);
    expect(err.message).toContain('timeout while waiting for plugin to start');
  });

  it('rejects a handshake for a protocol version Grafana does not speak', async () => {
    const bin = script('v1', 'echo "1|1|unix|/tmp/x|grpc|"\nexec /bin/sleep 30');
    await expect(startPlugin(bin)).rejects.toThrow('incompatible API version with plugin. Plugin version: 1');
  });

  it('names a binary that cannot be executed', async () => {
    await expect(startPlugin(join(dir, 'does-not-exist'))).rejects.toThrow('could not execute plugin binary');
  });
});

describe('startPlugin launch environment', () => {
  it("gives the plugin Grafana's environment only, /dev/null as stdin and a cwd outside its directory", async () => {
    const out = join(dir, 'env.txt');
    const bin = script(
      'env-dump',
      [
        `{`,
        `  echo "cwd=$(pwd)"`,
        `  if read line; then echo "stdin=data"; else echo "stdin=eof"; fi`,
        `  export -p`,
        `} > ${out}`,
        `exit 1`,
      ].join('\n'),
    );
    await expect(startPlugin(bin, { env: { GF_PLUGIN_FOO: 'bar' } })).rejects.toThrow('plugin exited');
    const dump = readFileSync(out, 'utf8');
    const vars = Object.fromEntries(
      [...dump.matchAll(/^export (\w+)(?:='?([^'\n]*)'?)?$/gm)].map((m) => [m[1], m[2] ?? '']),
    );
    expect(vars).toMatchObject({
      grafana_plugin_type: 'datasource',
      PLUGIN_PROTOCOL_VERSIONS: '2',
      PLUGIN_MIN_PORT: '10000',
      PLUGIN_MAX_PORT: '25000',
      GF_VERSION: '12.4.0',
      GF_PLUGIN_FOO: 'bar',
    });
    expect(vars.PATH).toBeUndefined();
    expect(vars.HOME).toBeUndefined();
    expect(dump).toContain('stdin=eof');
    const cwd = /^cwd=(.*)$/m.exec(dump)?.[1];
    expect(cwd).toContain('dsforge-plugin-cwd-');
    expect(cwd).not.toBe(dir);
  });
});

describe('a plugin that breaks the rules after its handshake', () => {
  it('records late listening, stray stdout and would-panic log lines, and is killed when Shutdown is ignored', async () => {
    // A fake plugin in Node: handshake first, socket 300 ms later, an HTTP/2 server that never
    // answers gRPC (so Shutdown goes unanswered), a stray stdout line, a numeric @level.
    const bin = join(dir, 'late-listener');
    writeFileSync(
      bin,
      [
        `#!${process.execPath}`,
        `const sock = process.env.FAKE_SOCK;`,
        `process.stdout.write('1|2|unix|' + sock + '|grpc|\\n');`,
        `process.stderr.write('{"@level":30,"@message":"pino-style level"}\\n');`,
        `setTimeout(() => {`,
        `  require('node:http2').createServer().listen(sock);`,
        `  process.stdout.write('stray console.log\\n');`,
        `}, 300);`,
      ].join('\n'),
    );
    chmodSync(bin, 0o755);

    const plugin = await startPlugin(bin, { env: { FAKE_SOCK: join(dir, 'late.sock') } });
    await plugin.waitForLog((e) => e.message.includes('pino-style level'));
    expect(plugin.protocolViolations.map((v) => v.reason)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('printed its handshake before'),
        expect.stringContaining('"@level" is a number'),
      ]),
    );
    expect(plugin.stdoutAfterHandshake).toEqual(['stray console.log']);

    const result = await plugin.shutdown(200);
    expect(result).toEqual({ graceful: false, code: null, signal: 'SIGKILL' });
  });

  it('fails to start when nothing ever listens at the announced address', async () => {
    const bin = script('no-listener', `echo "1|2|unix|${dir}/nothing.sock|grpc|"\nexec /bin/sleep 30`);
    await expect(startPlugin(bin, { startTimeoutMs: 500 })).rejects.toThrow(
      "could not connect to the plugin's gRPC server",
    );
  });
});
