/** @jest-environment jsdom */
// Builds acme-orders-datasource's module.js with dsforge's frontend build, loads it in headless
// Chromium the way Grafana does (AMD define, host-provided @grafana 12.4.10 + React 18) and
// queries the DOM Chromium rendered, as a user would read the page. Skipped when Chromium is not
// installed — Debian package `chromium` (CI installs it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import '@testing-library/jest-dom';
import { within } from '@testing-library/react';

import { editorSchema } from '../../../acme-orders-datasource/src/generated/editor-schema';

const chromium = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);
if (!chromium) {
  console.warn(
    'generated-plugin gallery test skipped: no Chromium (apt-get install -y chromium, or CHROMIUM=<path>)',
  );
}
const maybe = chromium ? describe : describe.skip;

interface Report {
  ok: boolean;
  plugin: string;
  views: Record<string, boolean>;
  errors: Record<string, string>;
}

let domDir = '';
let run: { status: number | null; stdout: string; stderr: string };
let report: Report;

/** Shows the page Chromium rendered for `view` in this jsdom document (its scripts do not run). */
function page(view: string): HTMLElement {
  const html = readFileSync(path.join(domDir, `${view}.html`), 'utf8');
  document.body.innerHTML = new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
  return document.body;
}

maybe("acme-orders-datasource's own module.js in headless Chromium", () => {
  beforeAll(() => {
    domDir = mkdtempSync(path.join(tmpdir(), 'dsforge-generated-dom-'));
    const r = spawnSync(
      process.execPath,
      [path.join(__dirname, 'screenshot.mjs'), '--check', '--dom', domDir],
      {
        encoding: 'utf8',
        env: { ...process.env, CHROMIUM: chromium },
      },
    );
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    const lines = r.stdout.trim().split('\n');
    report = JSON.parse(lines[lines.length - 1] || '{}') as Report;
  }, 180_000);
  afterAll(() => rmSync(domDir, { recursive: true, force: true }));

  it('loads module.js and renders every view without an error boundary or console error', () => {
    expect(run.stderr).toBe('');
    expect(report.errors).toEqual({});
    expect(report.views).toEqual({ config: true, query: true, 'query-operations': true });
    expect(run.status).toBe(0);
    for (const view of Object.keys(report.views)) {
      const body = page(view);
      expect(body.querySelector('[data-gallery-boundary]')).toBeNull();
      expect(body.querySelector('#gallery-errors')?.textContent).toBe('');
      // The AMD dependencies module.js asked the host for, shown on the page.
      expect(body.querySelector('[data-gallery-module]')?.textContent).toContain('define([@grafana/data');
    }
  });

  it('shows the config editor with the URL field and the stored API key', () => {
    const body = within(page('config'));
    const url = body.getByRole('textbox', { name: 'URL' });
    expect(url).toHaveValue('https://eu.orders.example.com/api/v2');
    // The placeholder is the package's own (its ConfigEditor passes the spec's server).
    expect(url).toHaveAttribute('placeholder', 'https://eu.orders.example.com');
    const key = body.getByRole('textbox', { name: 'API key' });
    expect(key).toHaveValue('configured');
    expect(key).toBeDisabled();
    expect(body.getByRole('button', { name: 'Reset' })).toBeInTheDocument();
    expect(body.getByRole('textbox', { name: 'Header name' })).toHaveValue('Authorization');
  });

  it("shows the query editor on the package's first operation with its default parameters", () => {
    const body = within(page('query'));
    expect(body.getByRole('combobox', { name: 'Operation' })).toBeInTheDocument();
    const first = editorSchema.operations[0];
    expect(body.getByText(first?.label ?? 'none', { exact: true })).toBeInTheDocument();
    // limit's default (50) comes from the datasource class's getDefaultQuery.
    expect(body.getByRole('textbox', { name: 'limit' })).toHaveValue('50');
  });

  it("lists every operation of the package's schema in the opened operation picker", () => {
    const body = within(page('query-operations'));
    const options = body.getAllByRole('option');
    expect(options).toHaveLength(editorSchema.operations.length);
    editorSchema.operations.forEach((op, i) => expect(options[i]).toHaveTextContent(op.label));
    expect(options[0]).toHaveTextContent('List ordersOrders newest first');
  });
});
