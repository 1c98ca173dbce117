// End-to-end tests of `dsforge build`: the CLI runs as a child process (yargs does not run inside
// jest) and the produced executables are launched the way Grafana launches plugins.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(__dirname, '../../..');
const cli = join(repo, 'tools/codegen/bin/dsforge.cjs');
const fixture = join(__dirname, 'fixtures/handshake-plugin');
const NOT_A_PLUGIN =
  'This binary is a plugin. These are not meant to be executed directly. Please execute the program that consumes these plugins, which will load any plugins automatically';

function dsforge(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
}

/** The first stdout line of a launched plugin, its stderr so far, and a way to stop it. */
interface Launched {
  line: string;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Launches like Grafana 12.4+: only the given env (no PATH/HOME), cwd elsewhere. */
function launch(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 90_000,
): Promise<Launched> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake line within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`exited with ${code} before the handshake; stderr: ${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      resolvePromise({
        line: out.slice(0, nl),
        stderr: () => err,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** Parses `1|2|unix|<path>|grpc|` and checks that something listens at the socket. */
async function expectHandshake(line: string): Promise<void> {
  const m = /^1\|2\|unix\|(\/[^|]+)\|grpc\|$/.exec(line);
  expect(m).not.toBeNull();
  await new Promise<void>((ok, fail) => {
    const s = connect(m![1]!, () => {
      s.destroy();
      ok();
    });
    s.on('error', fail);
  });
}

function findQemu(): string | undefined {
  const candidates = ['/usr/bin/qemu-aarch64-static', '/usr/bin/qemu-aarch64'];
  const qemu = candidates.find((p) => existsSync(p));
  return qemu && existsSync('/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1') ? qemu : undefined;
}

const isLinuxX64 = process.platform === 'linux' && process.arch === 'x64';
const describeOnLinux = isLinuxX64 ? describe : describe.skip;

describeOnLinux('dsforge build on the handshake fixture', () => {
  let out: string;
  let cwd: string;
  let first: SpawnSyncReturns<string>;
  const bin = (suffix: string) => join(out, `gpx_handshake${suffix}`);

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'dsforge-build-'));
    cwd = await mkdtemp(join(tmpdir(), 'dsforge-cwd-'));
    first = dsforge(['build', fixture, '--out', out]);
    if (first.status !== 0) throw new Error(`dsforge build failed (${first.status}):\n${first.stderr}`);
  }, 240_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
    await rm(cwd, { recursive: true, force: true });
  });

  it('writes plugin.json, the README and one executable per platform', async () => {
    for (const name of [
      'plugin.json',
      'README.md',
      'gpx_handshake_linux_amd64',
      'gpx_handshake_linux_arm64',
      'gpx_handshake_windows_amd64.exe',
    ]) {
      expect(existsSync(join(out, name))).toBe(true);
    }
    expect(first.stdout).toContain('gpx_handshake_windows_amd64.exe');
  });

  it('fills in the version and date placeholders of plugin.json', async () => {
    const plugin = JSON.parse(await readFile(join(out, 'plugin.json'), 'utf8'));
    expect(plugin.info.version).toBe('1.2.3');
    expect(plugin.info.updated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(plugin.executable).toBe('gpx_handshake');
  });

  it('produces ELF x86-64, ELF aarch64 and PE32+ executables with mode 0755', async () => {
    const file = (p: string) => spawnSync('file', ['-b', p], { encoding: 'utf8' }).stdout;
    expect(file(bin('_linux_amd64'))).toMatch(/^ELF 64-bit .*x86-64/);
    expect(file(bin('_linux_arm64'))).toMatch(/^ELF 64-bit .*aarch64/);
    expect(file(bin('_windows_amd64.exe'))).toMatch(/^PE32\+ executable/);
    for (const s of ['_linux_amd64', '_linux_arm64', '_windows_amd64.exe']) {
      expect((await stat(bin(s))).mode & 0o7777).toBe(0o755);
    }
  });

  it('the linux_amd64 binary handshakes with an empty environment from another directory', async () => {
    const p = await launch(
      bin('_linux_amd64'),
      [],
      { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2' },
      cwd,
    );
    try {
      await expectHandshake(p.line);
    } finally {
      expect(await p.stop()).toBe(0);
    }
    // The JSON and binary imports are inside the executable, and it runs the embedded Node 24.
    expect(p.stderr()).toContain('"name":"handshake-fixture","arrowBytes":29,"node":"v24.21.0"');
  });

  it('without the magic cookie the binary prints the go-plugin message and exits 1', () => {
    const r = spawnSync(bin('_linux_amd64'), [], {
      env: { PLUGIN_PROTOCOL_VERSIONS: '2' },
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(NOT_A_PLUGIN);
    expect(r.stdout).toBe('');
  });

  const qemu = findQemu();
  if (!qemu) {
    console.warn(
      'skipping the linux_arm64 handshake test: qemu-user-static and the arm64 cross libc are not installed (apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)',
    );
  }
  (qemu ? it : it.skip)(
    'the linux_arm64 binary handshakes under qemu-user',
    async () => {
      const env = {
        QEMU_LD_PREFIX: '/usr/aarch64-linux-gnu',
        grafana_plugin_type: 'datasource',
        PLUGIN_PROTOCOL_VERSIONS: '2',
      };
      const p = await launch(qemu!, [bin('_linux_arm64')], env, cwd);
      try {
        await expectHandshake(p.line);
      } finally {
        await p.stop();
      }
    },
    120_000,
  );

  it('a second build with unchanged inputs reuses every executable', async () => {
    const before = (await stat(bin('_linux_amd64'))).mtimeMs;
    const again = dsforge(['build', fixture, '--out', out]);
    expect(again.status).toBe(0);
    expect(again.stderr.match(/up to date/g)).toHaveLength(3);
    expect((await stat(bin('_linux_amd64'))).mtimeMs).toBe(before);
  }, 60_000);
});

describe('dsforge build rejects bad input with a message naming the problem', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dsforge-bad-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** Writes a package from `files` (path → content) and runs `dsforge build` on it. */
  async function buildPackage(
    name: string,
    files: Record<string, string>,
    extraArgs: string[] = [],
    env: NodeJS.ProcessEnv = {},
  ) {
    const dir = join(root, name);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await mkdir(dir, { recursive: true });
    return dsforge(['build', dir, '--out', join(dir, 'dist'), ...extraArgs], env);
  }
  const pkg = JSON.stringify({ name: 'bad', version: '1.0.0', dsforge: { backend: 'src/backend/main.ts' } });
  const pluginJson = JSON.stringify({
    id: 'acme-bad-datasource',
    type: 'datasource',
    backend: true,
    executable: 'gpx_bad',
  });
  const main = 'process.stdout.write("hi\\n");\n';

  it('names src/plugin.json when it is missing', async () => {
    const r = await buildPackage('no-plugin-json', { 'package.json': pkg, 'src/backend/main.ts': main });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/src\/plugin\.json not found/);
  });

  it('names the executable field when plugin.json lacks it', async () => {
    const r = await buildPackage('no-executable', {
      'package.json': pkg,
      'src/plugin.json': JSON.stringify({ id: 'acme-bad-datasource', type: 'datasource', backend: true }),
      'src/backend/main.ts': main,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('field "executable" must name the backend binary');
    expect(r.stderr).toContain('plugin.json');
  });

  it('names the backend entry when the file does not exist', async () => {
    const r = await buildPackage('no-entry', { 'package.json': pkg, 'src/plugin.json': pluginJson });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/backend entry .*src\/backend\/main\.ts not found/);
  });

  it('names the dsforge.backend field when package.json lacks it', async () => {
    const r = await buildPackage('no-field', {
      'package.json': '{"name":"x"}',
      'src/plugin.json': pluginJson,
      'src/backend/main.ts': main,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"dsforge.backend" is missing');
  });

  it('shows a TypeScript syntax error with file and line', async () => {
    const r = await buildPackage('syntax', {
      'package.json': pkg,
      'src/plugin.json': pluginJson,
      'src/backend/main.ts': 'const ok = 1;\nconst x = ;\n',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/src\/backend\/main\.ts:2:\d+: Unexpected ";"/);
  });

  it('rejects an unknown target', async () => {
    const r = await buildPackage(
      'target',
      { 'package.json': pkg, 'src/plugin.json': pluginJson, 'src/backend/main.ts': main },
      ['--targets', 'linux_amd64,darwin_arm64'],
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('unknown target "darwin_arm64"');
  });

  it('explains how to fill the cache when offline and the runtime is not cached', async () => {
    const emptyCache = join(root, 'empty-cache');
    const r = await buildPackage(
      'offline',
      { 'package.json': pkg, 'src/plugin.json': pluginJson, 'src/backend/main.ts': main },
      ['--targets', 'linux_amd64', '--skip-runtime-download'],
      {
        DSFORGE_CACHE_DIR: emptyCache,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('is not in the cache');
    expect(r.stderr).toContain('--skip-runtime-download');
  });
});
