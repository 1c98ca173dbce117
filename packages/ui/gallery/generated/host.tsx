/**
 * The generated-plugin gallery page: plays Grafana for a built `module.js`. It loads the file
 * through the AMD host (`amd-host.ts`, this page's own @grafana 12.4 + React 18), takes the
 * exported `plugin` and renders its ConfigEditor or QueryEditor on Grafana's dark theme.
 * `#config`, `#query` and `#query-operations` (picker opened) pick what is shown.
 *
 * Grafana-side state, stubbed no further than needed: `window.grafanaBootData` (index.html), as
 * Grafana's own index.html sets it. Without it @grafana/data throws while initialising (it reads
 * `settings.featureToggles`) and @grafana/runtime logs a console error when it builds `config`.
 * The datasource class reads that `config` too: DataSourceWithBackend's constructor creates a
 * UserStorage from `config.bootData.user` (a signed-in admin here, as in Grafana). No runtime
 * service is set (getBackendSrv, getTemplateSrv, getDataSourceSrv): the editors do not call them
 * while rendering — running a query or a variable query would.
 * @module
 */
import { CoreApp, createTheme, DataSourcePlugin, type DataQuery, type DataSourceApi } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { useEffect, useState, type ComponentType, type ReactElement, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

import { Boundary, reportError } from '../errors';
import { loadAmdModule, type LoadedModule } from './amd-host';
import { configSettings, instanceSettings, type PluginInfo } from './props';

/** Set by build.mjs from the package's plugin.json. */
declare const GALLERY_PLUGIN: PluginInfo;
const info = GALLERY_PLUGIN;

type AnyPlugin = DataSourcePlugin<DataSourceApi<DataQuery>, DataQuery>;
// The plugin's components take Grafana's props; their exact generics are the plugin's business.
type Loose = ComponentType<Record<string, unknown>>;

function ConfigPage({ plugin }: { plugin: AnyPlugin }): ReactElement {
  const [options, setOptions] = useState(() => configSettings(info));
  const Editor = plugin.components.ConfigEditor as Loose | undefined;
  if (!Editor) throw new Error('the plugin has no ConfigEditor (setConfigEditor was not called)');
  return <Editor options={options} onOptionsChange={setOptions} />;
}

/** Opens the operation picker the way a user does: focus it and press ↓. */
function openOperationPicker(): void {
  const input = document.querySelector<HTMLInputElement>('input[aria-label="Operation"]');
  if (!input) return reportError('query-operations: no input labelled "Operation" to open');
  input.focus();
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
}

function QueryPage({ plugin, openPicker }: { plugin: AnyPlugin; openPicker: boolean }): ReactElement {
  const DataSource = plugin.DataSourceClass as unknown as new (s: unknown) => DataSourceApi<DataQuery>;
  const [datasource] = useState(() => new DataSource(instanceSettings(info)));
  // Grafana fills a new query row with the datasource's defaults before the editor sees it.
  const [query, setQuery] = useState<DataQuery>(() => ({
    refId: 'A',
    ...datasource.getDefaultQuery?.(CoreApp.PanelEditor),
  }));
  useEffect(() => {
    if (openPicker) openOperationPicker();
  }, [openPicker]);
  const Editor = plugin.components.QueryEditor as Loose | undefined;
  if (!Editor) throw new Error('the plugin has no QueryEditor (setQueryEditor was not called)');
  return (
    <Editor
      datasource={datasource}
      query={query}
      onChange={setQuery}
      onRunQuery={() => undefined}
      app={CoreApp.PanelEditor}
    />
  );
}

const VIEWS: Record<string, { title: string; render: (p: AnyPlugin) => ReactNode }> = {
  config: { title: 'ConfigEditor', render: (p) => <ConfigPage plugin={p} /> },
  query: { title: 'QueryEditor', render: (p) => <QueryPage plugin={p} openPicker={false} /> },
  'query-operations': {
    title: 'QueryEditor — operation picker open',
    render: (p) => <QueryPage plugin={p} openPicker />,
  },
};

function Page(): ReactElement {
  const id = window.location.hash.replace(/^#/, '') || 'config';
  const view = VIEWS[id];
  const [loaded, setLoaded] = useState<LoadedModule | undefined>(undefined);
  useEffect(() => {
    loadAmdModule(info.moduleUrl).then(setLoaded, (err: Error) => reportError(`module.js: ${err.message}`));
  }, []);
  const plugin = loaded?.exports.plugin;
  const isPlugin = plugin instanceof DataSourcePlugin;
  useEffect(() => {
    if (loaded && !isPlugin) reportError('module.js: no `plugin` export that is a DataSourcePlugin');
  }, [loaded, isPlugin]);
  return (
    <main style={{ padding: 24, maxWidth: 1000 }}>
      <h2>
        {info.name} — {view?.title ?? `unknown view #${id}`}
      </h2>
      <p style={{ opacity: 0.7, fontSize: 12 }} data-gallery-module>
        {loaded
          ? `${info.moduleUrl}: define([${loaded.dependencies.join(', ')}]) — host: @grafana 12.4.10, React 18`
          : `loading ${info.moduleUrl}`}
      </p>
      {view && isPlugin && (
        <Boundary name={id}>
          {view.render(plugin as AnyPlugin)}
          <span data-gallery-rendered={id} />
        </Boundary>
      )}
    </main>
  );
}

const theme = createTheme({ colors: { mode: 'dark' } });
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <Page />
    </ThemeContext.Provider>,
  );
}
