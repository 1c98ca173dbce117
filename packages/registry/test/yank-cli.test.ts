/**
 * `dsforge yank` as an SRE on call runs it: against a real registry server, with the owning
 * team's token from the environment, and the refusals they would hit.
 */
import { dsforge, signedProject, startCliRegistry, type CliRegistry } from './cli-harness';
import { makeKeys, type Keys } from './fixtures';
import { createServer } from 'node:net';

const id = 'acme-weather-datasource';
let keys: Keys;
let reg: CliRegistry;

beforeAll(async () => {
  keys = await makeKeys();
  reg = await startCliRegistry(keys, { weather: 'acme-weather', other: 'other-' });
  for (const version of ['1.0.0', '1.1.0']) {
    const { anyZip } = await signedProject(keys, version);
    const pub = dsforge(['publish', anyZip, '--registry', reg.url, '--token', reg.tokens.weather!]);
    expect(pub.status).toBe(0);
  }
}, 120_000);

afterAll(() => {
  reg?.stop();
});

const yank = (args: string[], token = reg.tokens.weather!) =>
  dsforge(['yank', ...args, '--registry', reg.url], { DSFORGE_REGISTRY_TOKEN: token });
const grafanaSees = async () => {
  const list = (await (await fetch(`${reg.url}/api/plugins?slugIn=${id}`)).json()) as {
    items: { version: string }[];
  };
  const versions = await fetch(`${reg.url}/api/plugins/${id}/versions`);
  return {
    latest: list.items[0]?.version ?? null,
    versions: versions.ok
      ? ((await versions.json()) as { items: { version: string }[] }).items.map((v) => v.version)
      : versions.status,
  };
};

test('yank hides the version from Grafana, says what Grafana now sees, and --undo brings it back', async () => {
  const y = yank([id, '1.1.0', '--reason', 'crashes on Grafana 12']);
  expect(y.stderr).toBe('');
  expect(y.status).toBe(0);
  expect(y.stdout).toMatch(
    /^yanked acme-weather-datasource@1\.1\.0 as team weather at \S+: crashes on Grafana 12$/m,
  );
  expect(y.stdout).toContain(
    'Grafana is now offered acme-weather-datasource 1.0.0; the latest, 1.0.0, is what Grafana and `dsforge install acme-weather-datasource` pick',
  );
  expect(y.stdout).toContain('undo: dsforge yank acme-weather-datasource 1.1.0 --undo');
  expect(await grafanaSees()).toEqual({ latest: '1.0.0', versions: ['1.0.0'] });

  const twice = yank([id, '1.1.0', '--reason', 'again']);
  expect(twice.status).toBe(0);
  expect(twice.stdout).toMatch(/was already yanked \(.*: crashes on Grafana 12\); nothing changed/);

  const undo = yank([id, 'v1.1.0', '--undo', '--reason', 'wrong version yanked']);
  expect(undo.status).toBe(0);
  expect(undo.stdout).toMatch(
    /^un-yanked acme-weather-datasource@1\.1\.0 as team weather at \S+: wrong version yanked$/m,
  );
  expect(undo.stdout).toContain(
    'Grafana is now offered acme-weather-datasource 1.1.0, 1.0.0; the latest, 1.1.0',
  );
  expect(await grafanaSees()).toEqual({ latest: '1.1.0', versions: ['1.1.0', '1.0.0'] });

  const history = (await (await fetch(`${reg.url}/api/plugins/${id}/versions/1.1.0/yanks`)).json()) as {
    items: { action: string; team: string; reason: string }[];
  };
  expect(history.items.map((e) => [e.action, e.team, e.reason])).toEqual([
    ['yank', 'weather', 'crashes on Grafana 12'],
    ['unyank', 'weather', 'wrong version yanked'],
  ]);
});

test('yanking every version says Grafana now finds no plugin', async () => {
  expect(yank([id, '1.0.0', '--reason', 'bad']).status).toBe(0);
  const last = yank([id, '1.1.0', '--reason', 'bad too']);
  expect(last.status).toBe(0);
  expect(last.stdout).toContain(
    'Grafana is now offered no version of acme-weather-datasource: /api/plugins no longer lists it and Grafana reports "Plugin not found"',
  );
  expect(await grafanaSees()).toEqual({ latest: null, versions: 404 });
  for (const v of ['1.0.0', '1.1.0']) expect(yank([id, v, '--undo', '--reason', 'restore']).status).toBe(0);
});

test('an unknown version exits 1 naming it and listing the versions there are', () => {
  const r = yank([id, '1.2.0', '--reason', 'x']);
  expect(r.status).toBe(1);
  expect(r.stderr).toBe(
    'dsforge yank: acme-weather-datasource@1.2.0 is not published here; its versions: 1.1.0, 1.0.0\n',
  );
  const unknown = yank(['acme-weather-nope', '1.0.0', '--reason', 'x']);
  expect(unknown.status).toBe(1);
  expect(unknown.stderr).toMatch(/no plugin acme-weather-nope in this registry/);
});

test('another team is refused with 403 and told who may yank', async () => {
  const r = yank([id, '1.1.0', '--reason', 'x'], reg.tokens.other!);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(
    /team "other" does not own acme-weather-datasource; only a token of the team that owns/,
  );
  expect(await grafanaSees()).toEqual({ latest: '1.1.0', versions: ['1.1.0', '1.0.0'] });
});

test('a missing token or reason, a bad token and an unreachable registry exit 1 with the cause', async () => {
  const noToken = dsforge(['yank', id, '1.1.0', '--reason', 'x', '--registry', reg.url], {
    DSFORGE_REGISTRY_TOKEN: '',
    DSFORGE_TOKEN: '',
  });
  expect(noToken.status).toBe(1);
  expect(noToken.stderr).toMatch(/a team token is needed: --token or DSFORGE_REGISTRY_TOKEN/);
  const noReason = yank([id, '1.1.0']);
  expect(noReason.status).toBe(1);
  expect(noReason.stderr).toMatch(/say why with --reason/);
  const badToken = yank([id, '1.1.0', '--reason', 'x'], 'dsf_0123456789abcdef_notthesecretatallnotatall');
  expect(badToken.status).toBe(1);
  expect(badToken.stderr).toMatch(/this needs a valid team token.*does not accept this token/);
  const closed = await closedPort();
  const down = dsforge(['yank', id, '1.1.0', '--reason', 'x', '--registry', closed, '--token', 't']);
  expect(down.status).toBe(1);
  expect(down.stderr).toBe(`dsforge yank: cannot reach the registry at ${closed}: ECONNREFUSED\n`);
});

/** A loopback URL nothing listens on (a port that was just free). */
async function closedPort(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as { port: number };
  await new Promise((ok) => srv.close(ok));
  return `http://127.0.0.1:${port}`;
}
