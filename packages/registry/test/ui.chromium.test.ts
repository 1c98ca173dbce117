/**
 * The web UI in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core;
 * no browser is downloaded): browse → search → plugin page → download, then the downloaded zip
 * must match the listed sha256 and verify against the company keyring; a yanked version's page
 * as the public and the owning team see it. Screenshots of each page go to test/screenshots/.
 */
import { chromium, type Browser } from 'playwright-core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildPlugin,
  makeBundle,
  makeKeys,
  sha256,
  startTestRegistry,
  tempDir,
  type Keys,
  type TestRegistry,
} from './fixtures';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = join(__dirname, 'screenshots');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
const maybe = haveChromium ? describe : describe.skip;

maybe('web UI in headless Chromium', () => {
  let keys: Keys;
  let reg: TestRegistry;
  let browser: Browser;
  let url: string;
  const id = 'acme-weather-datasource';

  beforeAll(async () => {
    keys = await makeKeys();
    reg = await startTestRegistry(keys);
    const dir = await tempDir();
    const readme =
      '# Acme Weather\n\nShows **weather** on dashboards.\n\n## Configure\n\n1. Add the data source\n2. Paste your `API key`\n\n' +
      '<script>alert("xss")</script> [bad](javascript:alert(1)) [docs](https://example.com/docs)\n\n```\nquery: rain > 3\n```\n';
    for (const version of ['1.0.0', '1.1.0']) {
      const res = await reg.publish(
        await makeBundle(
          dir,
          await buildPlugin(dir, {
            version,
            readme,
            changelog: `## ${version}\n\n- Rain radar\n- Faster queries\n`,
          }),
          keys,
          {
            metadata: { createdAt: new Date(Date.now() - 3 * 86400_000).toISOString() },
          },
        ),
      );
      expect(res.statusCode).toBe(201);
    }
    await reg.app.inject({
      method: 'POST',
      url: '/api/installs',
      payload: { pluginId: id, version: '1.1.0', team: 'other', instanceId: 'grafana-eu-1' },
    });
    await reg.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(reg.app.server.address() as { port: number }).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await reg?.cleanup();
  });

  test('browse → search → plugin page → download gives a file that matches the listing and verifies', async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    await page.screenshot({ path: join(shots, '1-browse.png'), fullPage: true });
    await page.fill('input[name=q]', 'weather');
    await page.click('button[type=submit]');
    await page.waitForURL(/\?q=weather/);
    await page.click(`a[href="/plugins/${id}"]`);
    await page.waitForURL(new RegExp(`/plugins/${id}$`));
    await expectText(page, 'h1', 'Acme Weather');
    expect(await page.textContent('.readme')).toContain('<script>alert("xss")</script>');
    expect(await page.locator('.readme a[href^="javascript"]').count()).toBe(0);
    expect(await page.textContent('.changelog')).toContain('Rain radar');
    expect(await page.textContent('.signature-status')).toContain('verifies');
    expect(await page.textContent('.owner')).toBe('weather');
    await page.screenshot({ path: join(shots, '2-plugin-page.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a.download[data-platform="any"]'),
    ]);
    const saved = join(await tempDir(), download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe(`${id}-1.1.0.zip`);
    const listed = (await reg.app.inject(`/api/plugins/${id}/versions`)).json().items[0].arch.any.sha256;
    expect(sha256(await readFile(saved))).toBe(listed);
    const sig = await (
      await fetch(`${url}/api/plugins/${id}/versions/1.1.0/files/${id}-1.1.0.zip.sig`)
    ).text();
    const verified = await keys.keyring.verifyDetached(saved, sig);
    expect(verified).toMatchObject({ valid: true, fingerprint: keys.signing.fingerprint });
    expect(dialogs).toEqual([]);
    await context.close();
  });

  test('my team, adoption and mission metrics pages render for a signed-in team', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${url}/teams/mine`);
    await page.fill('input[name=token]', reg.tokens.weather!);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/teams\/mine$/);
    await expectText(page, 'h1', 'Team weather');
    await page.fill('input[name=issuesUrl]', 'https://issues.example/acme-weather');
    await page.fill('input[name=openBugs]', '2');
    await page.click('form.inline button[type=submit]');
    await page.waitForURL(/\/teams\/mine$/);
    await page.screenshot({ path: join(shots, '3-my-team.png'), fullPage: true });
    await page.click('nav a[href="/adoption"]');
    expect(await page.textContent('table')).toContain('50%');
    await page.screenshot({ path: join(shots, '4-adoption.png'), fullPage: true });
    await page.click('nav a[href="/mission"]');
    expect(await page.textContent('.median')).toMatch(/^3(\.\d)? days$/);
    expect(await page.textContent('table')).toContain('on target');
    expect(await page.textContent('table')).toContain('2');
    await page.screenshot({ path: join(shots, '5-mission.png'), fullPage: true });
    await context.close();
  });

  test('a yanked version stands out on the plugin page, its reason is text, and the owning team sees how to undo it', async () => {
    const reason = '<img src=x onerror=alert(1)><script>alert(2)</script> crashes on Grafana 12';
    const yank = await reg.app.inject({
      method: 'POST',
      url: `/api/plugins/${id}/versions/1.0.0/yank`,
      headers: { authorization: `Bearer ${reg.tokens.weather}` },
      payload: { reason },
    });
    expect(yank.statusCode).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${url}/plugins/${id}`);
    expect(await page.textContent('tr[data-version="1.0.0"] .yank-reason')).toBe(reason);
    expect(await page.locator('main img, main script').count()).toBe(0);
    // Rendered styles, not just class names: the yanked row must look different from an offered one.
    const look = (v: string) =>
      page
        .locator(`tr[data-version="${v}"] td`)
        .first()
        .evaluate((td) => {
          const s = (
            globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }
          ).getComputedStyle(td);
          return `${s.backgroundColor} ${s.boxShadow}`;
        });
    expect(await look('1.0.0')).not.toBe(await look('1.1.0'));
    expect(await page.textContent('.yank-history[data-version="1.0.0"]')).toContain('team weather');

    await page.click('tr[data-version="1.0.0"] a');
    await page.waitForURL(/\?version=1\.0\.0$/);
    expect(await page.textContent('.yanked-notice')).toContain('Grafana no longer offers it');
    expect(await page.locator('.undo').count()).toBe(0);

    await page.goto(`${url}/teams/mine`);
    await page.fill('input[name=token]', reg.tokens.weather!);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/teams\/mine$/);
    await page.goto(`${url}/plugins/${id}?version=1.0.0`);
    expect(await page.textContent('.yanked-notice .undo')).toContain(`dsforge yank ${id} 1.0.0 --undo`);
    await page.screenshot({ path: join(shots, '6-yanked-version.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    await context.close();
  });
});

async function expectText(page: import('playwright-core').Page, selector: string, text: string) {
  expect((await page.textContent(selector))?.trim()).toBe(text);
}
