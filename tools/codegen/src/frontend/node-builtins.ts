import { builtinModules } from 'node:module';
import { relative } from 'node:path';

import type { Compilation, Module, WebpackError } from 'webpack';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** `fs`, `node:fs`, `fs/promises` → `fs` / `fs/promises` when it is a Node built-in. */
export function nodeBuiltin(request: string): string | undefined {
  const bare = request.startsWith('node:') ? request.slice(5) : request;
  return BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0]!) ? bare : undefined;
}

/** The module request a webpack "not found"/"unhandled scheme" error is about. */
function failedRequest(err: Error): string | undefined {
  return (
    /Can't resolve '([^']+)'/.exec(err.message)?.[1] ?? /Reading from "(node:[^"]+)"/.exec(err.message)?.[1]
  );
}

function moduleName(m: Module | null | undefined, packageDir: string): string | undefined {
  const resource = (m as { resource?: string } | null | undefined)?.resource;
  return resource ? relative(packageDir, resource.split('?')[0]!) : undefined;
}

/** `src/module.ts → src/datasource.ts → src/util.ts`: how the entry reaches the module. */
function importChain(compilation: Compilation, m: Module | null | undefined, packageDir: string): string {
  const chain: string[] = [];
  const seen = new Set<Module>();
  for (let cur = m; cur && !seen.has(cur); cur = compilation.moduleGraph.getIssuer(cur)) {
    seen.add(cur);
    const name = moduleName(cur, packageDir);
    if (name) chain.unshift(name);
  }
  return chain.join(' → ');
}

/**
 * Turns webpack's errors about Node built-ins (`Can't resolve 'fs'`, `Reading from "node:path"`)
 * into messages that say what to do: the frontend runs in the browser, so the code belongs in the
 * backend. Returns the rewritten messages and the errors it did not recognise.
 */
export function explainNodeBuiltins(
  compilation: Compilation,
  packageDir: string,
): { builtinErrors: string[]; otherErrors: Error[] } {
  const builtinErrors: string[] = [];
  const otherErrors: Error[] = [];
  for (const err of compilation.errors) {
    const request = failedRequest(err);
    const builtin = request ? nodeBuiltin(request) : undefined;
    if (!builtin) {
      otherErrors.push(err);
      continue;
    }
    // A `node:` import fails after webpack made a module for it; the importer is its issuer.
    const failed = (err as Partial<WebpackError>).module as
      (Module & { resource?: string }) | null | undefined;
    const importer = failed?.resource?.startsWith('node:')
      ? compilation.moduleGraph.getIssuer(failed)
      : failed;
    const from = moduleName(importer, packageDir) ?? 'the frontend';
    const chain = importChain(compilation, importer, packageDir);
    builtinErrors.push(
      `${from} imports "${request}", a Node.js built-in module${chain.includes('→') ? ` (imported via ${chain})` : ''}. ` +
        `The frontend bundle (module.js) runs in the browser, where Node built-ins do not exist: move the code that needs "${builtin}" ` +
        'to the backend (src/backend/) and reach it from the frontend through a resource call (getResource) or a query.',
    );
  }
  return { builtinErrors, otherErrors };
}
