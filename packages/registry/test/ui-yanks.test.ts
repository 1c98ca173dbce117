/**
 * The plugin page as an engineer sees it after a version was yanked: each version's state with
 * the latest reason, team and time, the yank/un-yank history newest first, what Grafana is
 * offered, and the undo command for the owning team only. Reasons are user input and must come
 * out as text.
 */
import { buildPlugin, makeBundle, makeKeys, startTestRegistry, tempDir, type TestRegistry } from './fixtures';

let reg: TestRegistry;
const id = 'acme-weather-datasource';
let clock = new Date('2026-03-01T10:00:00.000Z');
const XSS = '<script>alert("x")</script> & <b>bold</b>';

beforeAll(async () => {
  const keys = await makeKeys();
  reg = await startTestRegistry(keys, { now: () => clock });
  const dir = await tempDir();
  for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
    const res = await reg.publish(await makeBundle(dir, await buildPlugin(dir, { version }), keys));
    expect(res.statusCode).toBe(201);
  }
});
afterAll(async () => {
  await reg.cleanup();
});

async function change(action: 'yank' | 'unyank', version: string, reason: string, at: string) {
  clock = new Date(at);
  const res = await reg.app.inject({
    method: 'POST',
    url: `/api/plugins/${id}/versions/${version}/${action}`,
    headers: { authorization: `Bearer ${reg.tokens.weather}` },
    payload: { reason },
  });
  expect(res.json()).toMatchObject({ changed: true });
}

async function pluginPage(query = '', team?: string): Promise<string> {
  const res = await reg.app.inject({
    method: 'GET',
    url: `/plugins/${id}${query}`,
    headers: team ? { cookie: `dsforge_token=${encodeURIComponent(reg.tokens[team]!)}` } : {},
  });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** Visible text of an HTML fragment (tags dropped, entities decoded, whitespace collapsed). */
const text = (fragment: string) =>
  fragment
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
const row = (body: string, version: string) =>
  new RegExp(`<tr data-version="${version.replace(/\./g, '\\.')}"[^>]*>[\\s\\S]*?</tr>`).exec(body)?.[0];
const history = (body: string, version: string) =>
  new RegExp(
    `<div class="yank-history" data-version="${version.replace(/\./g, '\\.')}">[\\s\\S]*?</div>`,
  ).exec(body)?.[0];

test('with nothing yanked every version is offered and there is no yank history', async () => {
  const body = await pluginPage();
  for (const v of ['1.2.0', '1.1.0', '1.0.0']) expect(text(row(body, v)!)).toMatch(/offered/);
  expect(body).not.toContain('class="yanked"');
  expect(body).not.toContain('Yank history');
  expect(body).not.toContain('yanked-notice');
});

test('a yanked version is marked in the versions table with its latest reason, team and time; history is newest first', async () => {
  await change('yank', '1.2.0', 'first try', '2026-03-01T10:00:00.000Z');
  await change('unyank', '1.2.0', 'wrong version', '2026-03-01T10:05:00.000Z');
  await change('yank', '1.2.0', XSS, '2026-03-02T08:30:00.000Z');
  await change('yank', '1.0.0', 'too old', '2026-03-02T09:00:00.000Z');

  const body = await pluginPage();
  // The page now shows the newest version Grafana is offered.
  expect(body).toContain(`dsforge install ${id}@1.1.0`);
  const yankedRow = row(body, '1.2.0')!;
  expect(yankedRow).toMatch(/^<tr data-version="1\.2\.0" class="yanked">/);
  expect(text(yankedRow)).toContain(`yanked ${XSS} by team weather, 2026-03-02 08:30 UTC`);
  expect(text(row(body, '1.1.0')!)).toMatch(/offered/);
  expect(row(body, '1.1.0')).toMatch(/^<tr data-version="1\.1\.0" class="offered">/);
  expect(text(row(body, '1.0.0')!)).toContain('yanked too old by team weather, 2026-03-02 09:00 UTC');

  expect(text(history(body, '1.2.0')!)).toBe(
    `1.2.0 yanked 2026-03-02 08:30 UTC by team weather: ${XSS} ` +
      'un-yanked 2026-03-01 10:05 UTC by team weather: wrong version ' +
      'yanked 2026-03-01 10:00 UTC by team weather: first try',
  );
  expect(text(history(body, '1.0.0')!)).toBe('1.0.0 yanked 2026-03-02 09:00 UTC by team weather: too old');
  expect(history(body, '1.1.0')).toBeUndefined();
  expect(text(/<p class="muted yank-explained">[\s\S]*?<\/p>/.exec(body)![0])).toContain(
    `Grafana no longer offers them (catalog, updates, grafana cli plugins install). Hosts that run one keep it, and exact-version installs (dsforge install ${id}@<version>, the download links) still work.`,
  );
});

test('a reason with markup is shown as text, never as markup', async () => {
  const body = await pluginPage('?version=1.2.0');
  expect(body).not.toContain('<script>alert');
  expect(body).not.toContain('<b>bold</b>');
  expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
});

test('the page of a yanked version says so, and what it says about Grafana and exact installs is what the API does', async () => {
  const body = await pluginPage('?version=1.2.0');
  const notice = /<div class="yanked-notice">[\s\S]*?<\/div>/.exec(body)![0];
  expect(text(notice)).toContain(`Version 1.2.0 is yanked by team weather, 2026-03-02 08:30 UTC: ${XSS}`);
  expect(text(notice)).toContain('Grafana no longer offers it');
  expect(text(notice)).toContain(`Exact-version installs still work: dsforge install ${id}@1.2.0`);
  expect(text(notice)).toContain('The latest version Grafana is offered is 1.1.0.');
  // Grafana's own CLI cannot find a yanked version by number, so the page offers the URL form.
  expect(body).not.toContain(`plugins install ${id} 1.2.0</pre`);
  expect(text(body)).toContain(
    `grafana cli --pluginUrl \\ http://localhost:80/api/plugins/${id}/versions/1.2.0/download`,
  );

  const get = (url: string) => reg.app.inject({ method: 'GET', url });
  const offered = (await get(`/api/plugins/${id}/versions`))
    .json()
    .items.map((v: { version: string }) => v.version);
  expect(offered).toEqual(['1.1.0']);
  expect((await get(`/api/plugins/${id}/versions/1.2.0`)).statusCode).toBe(200);
  expect((await get(`/api/plugins/${id}/versions/1.2.0/download`)).statusCode).toBe(200);
});

test('only a signed-in member of the owning team is shown the undo command, once per yanked version', async () => {
  const undo = (v: string) => `dsforge yank ${id} ${v} --undo`;
  for (const team of [undefined, 'other']) {
    const body = await pluginPage('?version=1.2.0', team);
    expect(body).not.toContain('--undo');
  }
  const owner = await pluginPage('', 'weather');
  expect(text(history(owner, '1.2.0')!)).toContain(
    `${undo('1.2.0')} \\ --registry http://localhost:80 \\ --reason "…"`,
  );
  expect(text(history(owner, '1.0.0')!)).toContain(undo('1.0.0'));
  const onYankedPage = await pluginPage('?version=1.2.0', 'weather');
  expect(onYankedPage.split(undo('1.2.0'))).toHaveLength(2);
  expect(text(/<div class="yanked-notice">[\s\S]*?<\/div>/.exec(onYankedPage)![0])).toContain(undo('1.2.0'));
});

test('when every version is yanked the page says Grafana is offered none', async () => {
  await change('yank', '1.1.0', 'all bad', '2026-03-03T00:00:00.000Z');
  const body = await pluginPage();
  expect(text(body)).toContain('Grafana is offered no version of this plugin.');
  expect(body.match(/<tr data-version="[^"]+" class="yanked">/g)).toHaveLength(3);
});
