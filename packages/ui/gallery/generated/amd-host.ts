/**
 * The host side of Grafana's plugin loader, for the browser: a global AMD `define` that hands a
 * plugin's `module.js` the host's own @grafana/* and React modules, as Grafana's SystemJS loader
 * does with its shared dependencies. Same mapping as the certify check's jsdom loader
 * (tools/codegen/src/frontend/load-module.ts), here with modules bundled into the page.
 * @module
 */
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';

/**
 * The shared modules this page provides. Grafana 12.4 shares more (rxjs, lodash, @emotion/css,
 * ...; see tools/codegen/src/frontend/externals.ts); a module.js that asks for one of those fails
 * here with a message naming it, so the list grows when a generated plugin needs it.
 */
export const HOST_MODULES: Readonly<Record<string, unknown>> = {
  react,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': reactDom,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
};

/** What a module.js exported (e.g. `{ plugin }`) and which dependencies it asked for. */
export interface LoadedModule {
  exports: Record<string, unknown>;
  dependencies: string[];
}

type Factory = (...deps: unknown[]) => unknown;

const BUILT_IN = ['module', 'exports', 'require'];

/** Runs one `define(...)` call: resolves its dependencies from the host and calls the factory. */
function evaluate(args: unknown[], uri: string): LoadedModule {
  // define(factory) | define(deps, factory) | define(name, deps, factory)
  const factory = args[args.length - 1];
  const deps = (args.find(Array.isArray) as string[] | undefined) ?? [];
  if (typeof factory !== 'function')
    return { exports: factory as Record<string, unknown>, dependencies: deps };
  const missing = deps.filter((d) => !BUILT_IN.includes(d) && !(d in HOST_MODULES));
  if (missing.length > 0) {
    throw new Error(`module.js depends on ${missing.join(', ')}, which this host does not share`);
  }
  const amdExports: Record<string, unknown> = {};
  const values = deps.map((d) => {
    // RequireJS's `module`: its uri tells webpack where the plugin's chunks and assets live.
    if (d === 'module') return { id: 'module', uri, exports: amdExports };
    if (d === 'exports') return amdExports;
    if (d === 'require') return (id: string) => HOST_MODULES[id];
    return HOST_MODULES[d];
  });
  const returned = (factory as Factory)(...values) as Record<string, unknown> | undefined;
  return { exports: returned ?? amdExports, dependencies: deps };
}

/**
 * Loads the AMD module at `url` with a `<script>` tag and resolves to its exports. Rejects, naming
 * the module, when it depends on something the host does not share, when it fails to load, or
 * when it never calls `define`.
 */
export function loadAmdModule(url: string): Promise<LoadedModule> {
  return new Promise((resolve, reject) => {
    const uri = new URL(url, document.baseURI).href;
    let loaded: LoadedModule | undefined;
    let failure: unknown;
    const define = (...args: unknown[]): void => {
      try {
        loaded = evaluate(args, uri);
      } catch (err) {
        // Kept for the promise: a throw here would only reach window.onerror.
        failure = err;
      }
    };
    define.amd = {};
    const g = window as unknown as { define?: typeof define };
    g.define = define;
    const script = document.createElement('script');
    script.src = uri;
    script.onload = () => {
      delete g.define;
      if (failure !== undefined) reject(failure instanceof Error ? failure : new Error(String(failure)));
      else if (loaded) resolve(loaded);
      else reject(new Error(`${url} loaded but did not call define(): is it an AMD bundle?`));
    };
    script.onerror = () => {
      delete g.define;
      reject(new Error(`${url} could not be loaded`));
    };
    document.head.appendChild(script);
  });
}
