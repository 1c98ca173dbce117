/** @jest-environment jsdom */
// The example datasource's built module.js, loaded the way Grafana loads it (AMD define, shared
// modules from the host) against the real @grafana/* 12.4.10 and React 18 the example installs.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { loadPluginModuleFile, resolveShared } from './load-module';

const exampleDir = resolve(__dirname, '../../../../examples/example-datasource');
/** The test environment's require, so shared modules run in jsdom like Grafana's own copies. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime-resolved path through jest's registry
const shared = (id: string): unknown => require(resolveShared(id, exampleDir));

/** A DOM element; the root tsconfig has no DOM lib, and this file only passes elements along. */
type El = object;
interface Rtl {
  render(el: unknown): { container: El; unmount(): void };
  screen: {
    getByText(t: string | RegExp): El;
    getAllByText(t: string | RegExp): El[];
    getByRole(role: string): El;
  };
  fireEvent: { click(el: El): void };
}
interface PluginLike {
  components: { ConfigEditor?: unknown; QueryEditor?: unknown };
  DataSourceClass: new (
    settings: unknown,
  ) => Record<string, (...a: never[]) => unknown> & { annotations?: object };
}

let outDir: string;
let exports: Record<string, unknown>;
// Loaded before the tests start: Testing Library registers its own afterEach(cleanup).
const rtl = shared('@testing-library/react') as Rtl;
const { createElement } = shared('react') as { createElement: (type: unknown, props: object) => unknown };

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'dsforge-fe-'));
  // webpack does not run inside jsdom: build in a child process, as `dsforge build` would.
  execFileSync(
    process.execPath,
    [require.resolve('tsx/cli'), join(__dirname, 'build-cli.ts'), exampleDir, outDir],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 120_000,
    },
  );
  exports = loadPluginModuleFile(join(outDir, 'module.js'), {
    requireShared: shared,
    uri: 'public/plugins/dsforge-example-datasource/module.js',
  });
}, 120_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

const settings = {
  id: 1,
  uid: 'example-uid',
  orgId: 1,
  name: 'Example',
  type: 'dsforge-example-datasource',
  typeName: 'dsforge example',
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
const instanceSettings = {
  id: 1,
  uid: 'example-uid',
  type: 'dsforge-example-datasource',
  name: 'Example',
  access: 'proxy',
  readOnly: false,
  jsonData: {},
  meta: { id: 'dsforge-example-datasource', info: { logos: {} } },
};

describe('the example datasource module.js in Grafana 12.4 + React 18', () => {
  it('exports a DataSourcePlugin named "plugin"', () => {
    const { DataSourcePlugin } = shared('@grafana/data') as {
      DataSourcePlugin: new (...a: never[]) => unknown;
    };
    expect(exports.plugin).toBeInstanceOf(DataSourcePlugin);
  });

  it('renders its config editor without throwing, and its switch sets jsonData.failHealth', () => {
    const { ConfigEditor } = (exports.plugin as PluginLike).components;
    const changes: { jsonData: Record<string, unknown> }[] = [];
    rtl.render(
      createElement(ConfigEditor, { options: settings, onOptionsChange: (o: never) => changes.push(o) }),
    );
    expect(rtl.screen.getByText('Connection')).toBeTruthy();
    expect(rtl.screen.getByText('Authentication')).toBeTruthy();
    expect(rtl.screen.getByText('Fail health check')).toBeTruthy();
    rtl.fireEvent.click(rtl.screen.getByRole('switch'));
    expect(changes.at(-1)?.jsonData.failHealth).toBe(true);
  });

  it('renders its query editor on the rows scenario without throwing', () => {
    const plugin = exports.plugin as PluginLike;
    const datasource = new plugin.DataSourceClass(instanceSettings);
    const query = { refId: 'A', operationId: 'rows', params: { rows: 10 }, scenario: 'rows', rows: 10 };
    rtl.render(
      createElement(plugin.components.QueryEditor, {
        datasource,
        query,
        onChange: () => {},
        onRunQuery: () => {},
      }),
    );
    expect(rtl.screen.getAllByText('Rows').length).toBeGreaterThan(0);
    expect(rtl.screen.getByText(/time from the range start/)).toBeTruthy();
  });

  it('prepares queries for the backend: variables replaced, hidden and incomplete queries dropped', () => {
    const runtime = shared('@grafana/runtime') as { setTemplateSrv(srv: unknown): void };
    runtime.setTemplateSrv({
      replace: (text: string) => text.replace('$n', '25').replace('$name', 'big'),
      getVariables: () => [],
      containsTemplate: () => false,
      updateTimeRange: () => {},
    });
    const plugin = exports.plugin as PluginLike;
    const ds = new plugin.DataSourceClass(instanceSettings);
    expect(ds.annotations).toEqual({});
    const targets = [
      { refId: 'A', operationId: 'rows', params: { rows: '$n' } },
      { refId: 'B', operationId: 'rows', params: { rows: 5 }, hide: true },
      { refId: 'C', params: {} },
    ];
    const prepared = (ds.prepareTargets as (r: unknown) => unknown[])({ targets, scopedVars: {} });
    expect(prepared).toEqual([
      expect.objectContaining({ refId: 'A', scenario: 'rows', rows: 25, params: { rows: 25 } }),
    ]);
  });
});
