/**
 * The modules Grafana hands to plugin frontends at runtime, so a plugin's `module.js` must not
 * bundle them: it lists them as AMD dependencies and Grafana's loader (SystemJS) supplies its own
 * instance. Checked against Grafana 12.4's `public/app/features/plugins/loader/sharedDependencies.ts`
 * (the map Grafana resolves them from) and create-plugin's `.config/bundler/externals.ts`.
 *
 * Not in the list, so bundled: `@grafana/schema` (types and enums), `@grafana/i18n` (its `i18next`
 * is shared, below), `@grafana/e2e-selectors`. Grafana 12.4 does not provide them: an AMD
 * dependency on them would fail to load. `react-dom/client` is shared only from Grafana 13, so
 * plugins that support 12.4 use `react-dom`.
 * @module
 */

/** Bare module names Grafana shares with plugins (and their subpaths listed explicitly). */
export const SHARED_MODULES: readonly string[] = [
  'react',
  // Kept external so the JSX calls go to the host's React: the same bundle runs on Grafana 12.4
  // (React 18) and 13.2+ (React 19), where a bundled runtime would create incompatible elements.
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-redux',
  'redux',
  'react-router',
  'react-router-dom',
  'react-inlinesvg',
  'rxjs',
  'rxjs/operators',
  'lodash',
  'moment',
  'jquery',
  'd3',
  'i18next',
  'prismjs',
  'slate',
  'slate-react',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'emotion',
  '@emotion/css',
  '@emotion/react',
  '@kusto/monaco-kusto',
];

/** Packages shared with every subpath (`@grafana/data/unstable`, ...). */
export const SHARED_PREFIXES: readonly string[] = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

/**
 * The AMD dependency name of the virtual module that tells a plugin where it was loaded from
 * (RequireJS/SystemJS `module`, whose `uri` is the URL of module.js).
 */
export const AMD_MODULE_REQUEST = 'amd-module';

/** True when Grafana supplies `request` at runtime (so the bundle must not contain it). */
export function isShared(request: string): boolean {
  return (
    SHARED_MODULES.includes(request) ||
    SHARED_PREFIXES.some((p) => request === p || request.startsWith(`${p}/`))
  );
}
