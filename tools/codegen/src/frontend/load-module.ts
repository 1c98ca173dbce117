/**
 * Runs a built plugin `module.js` the way Grafana's loader does: the file calls AMD `define(deps,
 * factory)`, and each dependency (Grafana's shared modules, RequireJS's `module`) is handed in by
 * the host. Here the host is a test or a certification check, which supplies real installed
 * @grafana/* and React modules.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Options of {@link loadPluginModule}. */
export interface LoadModuleOptions {
  /**
   * Returns the module Grafana would share under `id` (`react`, `@grafana/data`, ...). Under jest,
   * use the test's `require` so the modules run in the test environment (jsdom):
   * `(id) => require(resolveShared(id, packageDir))`.
   */
  requireShared: (id: string) => unknown;
  /** The URL Grafana loads module.js from (the AMD `module.uri`). */
  uri?: string;
}

/** A dependency the bundle asked for that the host could not supply. */
export class ModuleLoadError extends Error {
  override readonly name = 'ModuleLoadError';
}

type Factory = (...deps: unknown[]) => unknown;

/**
 * Evaluates the text of a module.js and returns its exports (e.g. `{ plugin }`). Throws a
 * `ModuleLoadError` naming the dependency when the bundle needs a module the host does not share,
 * and rethrows what the module itself throws while it initialises.
 */
export function loadPluginModule(code: string, opts: LoadModuleOptions): Record<string, unknown> {
  let exported: Record<string, unknown> | undefined;
  const define = (...args: unknown[]) => {
    // define(factory) | define(deps, factory) | define(name, deps, factory)
    const factory = args[args.length - 1];
    const deps = (args.find(Array.isArray) as string[] | undefined) ?? [];
    if (typeof factory !== 'function') {
      exported = factory as Record<string, unknown>;
      return;
    }
    const amdExports: Record<string, unknown> = {};
    const values = deps.map((id) => {
      if (id === 'module')
        return { id: 'module', uri: opts.uri ?? 'public/plugins/plugin/module.js', exports: amdExports };
      if (id === 'exports') return amdExports;
      if (id === 'require') return (dep: string) => opts.requireShared(dep);
      try {
        return opts.requireShared(id);
      } catch (err) {
        throw new ModuleLoadError(
          `module.js depends on "${id}", which the host could not supply (${(err as Error).message}); ` +
            'a module Grafana does not share must be bundled, not left external',
          { cause: err },
        );
      }
    });
    exported = ((factory as Factory)(...values) as Record<string, unknown> | undefined) ?? amdExports;
  };
  (define as { amd?: object }).amd = {};
  // The bundle's only free variable is `define`; `Function` runs it in this realm's globals (jsdom
  // under jest), like a <script> in the browser.
  new Function('define', code)(define);
  if (!exported)
    throw new ModuleLoadError('module.js did not call define(): is it an AMD bundle (library type amd)?');
  return exported;
}

/** Reads and evaluates the module.js at `path` (see {@link loadPluginModule}). */
export function loadPluginModuleFile(path: string, opts: LoadModuleOptions): Record<string, unknown> {
  return loadPluginModule(readFileSync(path, 'utf8'), opts);
}

/**
 * The file Node resolves the shared module `id` to for the plugin package at `packageDir`. Modules
 * the package does not depend on directly (e.g. `i18next`, which Grafana shares on behalf of
 * @grafana/i18n) are resolved from where @grafana/ui, @grafana/data and @grafana/runtime live, as
 * Grafana's own copies would be.
 */
export function resolveShared(id: string, packageDir: string): string {
  const fromPackage = createRequire(join(packageDir, 'package.json'));
  try {
    return fromPackage.resolve(id);
  } catch (first) {
    for (const host of ['@grafana/ui', '@grafana/data', '@grafana/runtime', '@grafana/i18n']) {
      try {
        // Resolving from the host's own entry file walks up its node_modules, as Node does.
        return createRequire(fromPackage.resolve(host)).resolve(id);
      } catch {
        // not there either
      }
    }
    throw first;
  }
}
