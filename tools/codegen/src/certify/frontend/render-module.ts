/**
 * Child process of the package check: sets up a jsdom window as the global environment, loads a
 * built module.js through the AMD loader (`../../frontend/load-module`) with the package's real
 * @grafana/* and React, and renders its ConfigEditor and QueryEditor. Prints one result line
 * (`RESULT_MARKER` + JSON) on stdout. A child process, because jsdom globals and @grafana/ui must
 * not leak into the certifying process.
 *
 * Usage: tsx render-module.ts <packageDir> <module.js>
 * @module
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TextDecoder, TextEncoder } from 'node:util';

import { loadPluginModuleFile, resolveShared } from '../../frontend/load-module';
import { RESULT_MARKER, type ModuleReport } from './check-module';

type Dict = Record<string, unknown>;

function resolveJsdom(packageDir: string): string {
  const req = createRequire(join(packageDir, 'package.json'));
  try {
    return req.resolve('jsdom');
  } catch {
    // jsdom comes with jest-environment-jsdom, which a package with a tested frontend has.
    return createRequire(req.resolve('jest-environment-jsdom')).resolve('jsdom');
  }
}

/** Stylesheets imported by @grafana/ui's dependencies: Grafana's page has them, Node cannot run them. */
function ignoreStylesheets(): void {
  const ext = (require as unknown as { extensions: Record<string, (m: { exports: unknown }) => void> })
    .extensions;
  for (const e of ['.css', '.scss', '.sass', '.less']) ext[e] = (m) => void (m.exports = {});
}

function installDom(packageDir: string): void {
  ignoreStylesheets();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at run time from the package
  const { JSDOM } = require(resolveJsdom(packageDir)) as {
    JSDOM: new (html: string, o: Dict) => { window: Dict };
  };
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    url: 'http://localhost:3000/',
    pretendToBeVisual: true,
  });
  const g = globalThis as Dict;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (key in g) continue;
    try {
      g[key] = window[key];
    } catch {
      // read-only global
    }
  }
  // Node has its own Event/EventTarget; DOM code must get the window's, as in a browser.
  const domOwned = [
    'window',
    'self',
    'document',
    'navigator',
    'location',
    'HTMLElement',
    'Element',
    'Node',
    'getComputedStyle',
    'Event',
    'EventTarget',
    'CustomEvent',
    'MessageEvent',
    'KeyboardEvent',
    'MouseEvent',
    'FocusEvent',
    'UIEvent',
    'InputEvent',
    'localStorage',
    'sessionStorage',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ];
  for (const key of domOwned) {
    if (!(key in window)) continue;
    Object.defineProperty(g, key, {
      value: key === 'window' ? window : window[key],
      configurable: true,
      writable: true,
    });
  }
  g.TextEncoder ??= TextEncoder;
  g.TextDecoder ??= TextDecoder;
  const noop = class {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  };
  (window as Dict).matchMedia = (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  });
  g.matchMedia = (window as Dict).matchMedia;
  g.ResizeObserver = (window as Dict).ResizeObserver = noop;
  g.IntersectionObserver = (window as Dict).IntersectionObserver = noop;
  (window.HTMLElement as { prototype: Dict }).prototype.scrollIntoView = () => undefined;
  g.IS_REACT_ACT_ENVIRONMENT = true;
}

const SETTINGS = {
  id: 1,
  uid: 'certify-uid',
  orgId: 1,
  name: 'Certify',
  type: 'certify',
  typeName: 'certify',
  typeLogoUrl: '',
  access: 'proxy',
  url: '',
  user: '',
  database: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: false,
  jsonData: {},
  secureJsonFields: {},
  readOnly: false,
  withCredentials: false,
};

async function render(shared: (id: string) => unknown, component: unknown, props: Dict): Promise<string> {
  const React = shared('react') as {
    createElement(...a: unknown[]): unknown;
    Component: new (p: Dict) => Dict;
  };
  const { createRoot } = shared('react-dom/client') as {
    createRoot(el: unknown): { render(el: unknown): void; unmount(): void };
  };
  const { act } = shared('react-dom/test-utils') as { act(fn: () => unknown): Promise<void> };
  if (typeof component !== 'function' && (typeof component !== 'object' || component === null))
    return 'not set';
  let caught: unknown;
  class Boundary extends React.Component {
    static getDerivedStateFromError() {
      return { failed: true };
    }
    componentDidCatch(err: unknown) {
      caught = err;
    }
    render() {
      const self = this as unknown as { state?: { failed?: boolean }; props: { children: unknown } };
      return self.state?.failed ? null : self.props.children;
    }
  }
  const doc = (
    globalThis as unknown as {
      document: { createElement(t: string): Dict; body: { appendChild(n: unknown): void } };
    }
  ).document;
  const el = doc.createElement('div');
  doc.body.appendChild(el);
  const root = createRoot(el);
  const quiet = console.error;
  console.error = () => undefined; // React logs caught render errors; the result says it once
  try {
    await act(async () => {
      root.render(React.createElement(Boundary, {}, React.createElement(component, props)));
    });
  } catch (err) {
    caught ??= err;
  } finally {
    console.error = quiet;
  }
  const html = String(el.innerHTML ?? '');
  try {
    await act(async () => root.unmount());
  } catch {
    // unmounting a tree that failed to render
  }
  if (caught) return `threw: ${(caught as Error)?.message ?? String(caught)}`;
  return `rendered (${html.length} characters of HTML)`;
}

async function main(): Promise<ModuleReport> {
  const [packageDir, moduleJs] = process.argv.slice(2) as [string, string];
  installDom(packageDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- shared modules resolve from the package, at run time
  const shared = (id: string): unknown => require(resolveShared(id, packageDir));
  let exported: Dict;
  try {
    exported = loadPluginModuleFile(moduleJs, {
      requireShared: shared,
      uri: 'public/plugins/certify/module.js',
    });
  } catch (err) {
    return { loaded: false, error: (err as Error).message };
  }
  const { DataSourcePlugin } = shared('@grafana/data') as {
    DataSourcePlugin: new (...a: never[]) => unknown;
  };
  const plugin = exported.plugin as
    | {
        components?: { ConfigEditor?: unknown; QueryEditor?: unknown };
        DataSourceClass?: new (s: unknown) => unknown;
      }
    | undefined;
  const report: ModuleReport = {
    loaded: true,
    exportNames: Object.keys(exported),
    isDataSourcePlugin: plugin instanceof DataSourcePlugin,
  };
  if (!plugin || !report.isDataSourcePlugin) return report;
  report.configEditor = await render(shared, plugin.components?.ConfigEditor, {
    options: SETTINGS,
    onOptionsChange: () => undefined,
  });
  let datasource: unknown;
  try {
    datasource = plugin.DataSourceClass
      ? new plugin.DataSourceClass({ ...SETTINGS, meta: { id: 'certify', info: { logos: {} } } })
      : undefined;
  } catch (err) {
    report.queryEditor = `the DataSource class threw in its constructor: ${(err as Error).message}`;
    return report;
  }
  report.queryEditor = await render(shared, plugin.components?.QueryEditor, {
    datasource,
    query: { refId: 'A' },
    onChange: () => undefined,
    onRunQuery: () => undefined,
  });
  return report;
}

{
  main().then(
    (r) => {
      process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err: Error) => {
      process.stdout.write(
        `\n${RESULT_MARKER}${JSON.stringify({ loaded: false, error: err.stack ?? err.message })}\n`,
      );
      process.exit(0);
    },
  );
}
