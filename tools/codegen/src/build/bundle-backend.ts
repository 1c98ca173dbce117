import { build, type Message } from 'esbuild';
import { relative, resolve } from 'node:path';
import { BuildError } from './errors';

/** Options for {@link bundleBackend}. */
export interface BundleOptions {
  /** Absolute path of the backend entry (TypeScript or JavaScript). */
  entry: string;
  /** Folder paths in the bundle are relative to (the package), so output does not depend on the cwd. */
  workingDir: string;
  /** Embed an inline source map and turn source-mapped stack traces on at startup. */
  sourcemap?: boolean;
}

/** One self-contained CommonJS script, ready to be a SEA main script. */
export interface Bundle {
  code: Uint8Array;
  /** Warnings as `file:line:col: text`, e.g. a dynamic require esbuild could not follow. */
  warnings: string[];
}

// A SEA main script can `require` only Node built-ins, so every dependency is bundled. Fixtures
// (Arrow files, wasm, other binaries) are embedded as Uint8Array; JSON is inlined by default.
const LOADERS = {
  '.arrow': 'binary',
  '.bin': 'binary',
  '.wasm': 'binary',
  '.txt': 'text',
  '.sql': 'text',
} as const;

const IMPORT_META_URL = '__dsforge_import_meta_url';

function banner(sourcemap: boolean): string {
  const lines = [`var ${IMPORT_META_URL} = require("node:url").pathToFileURL(__filename).href;`];
  // Source maps are only applied when Node is told to; a SEA has no command line to say so.
  if (sourcemap) lines.unshift('process.setSourceMapsEnabled(true);');
  return lines.join('\n');
}

/** `src/x.ts:12:3: text` plus the offending line, relative to the working directory. */
export function formatMessage(m: Message, workingDir: string): string {
  const loc = m.location;
  if (!loc) return m.text;
  const head = `${relative(process.cwd(), resolve(workingDir, loc.file)) || loc.file}:${loc.line}:${loc.column + 1}: ${m.text}`;
  return loc.lineText ? `${head}\n    ${loc.lineText.trim()}` : head;
}

/**
 * Bundles the backend entry and all of its imports into one CommonJS file for Node 24. Throws a
 * `BuildError` listing every esbuild error with file:line:column.
 */
export async function bundleBackend(opts: BundleOptions): Promise<Bundle> {
  try {
    const result = await build({
      entryPoints: [opts.entry],
      absWorkingDir: opts.workingDir,
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      minify: false,
      // Names are not kept: keepNames wraps every function and class in `__name()`, one
      // defineProperty per closure, paid on every call of a hot path that creates closures.
      // Nothing reads a bundled function's or class's `.name` at runtime (error classes set
      // `name` explicitly). Without minify esbuild renames only the few top-level symbols that
      // clash across modules (`Field` -> `Field2`), and only stack traces show those names.
      keepNames: false,
      write: false,
      outfile: 'main.cjs',
      logLevel: 'silent',
      loader: LOADERS,
      sourcemap: opts.sourcemap ? 'inline' : false,
      banner: { js: banner(opts.sourcemap === true) },
      // ESM dependencies that read `import.meta.url` get the executable's own file URL instead of
      // the empty object esbuild leaves in CommonJS output.
      define: { 'import.meta.url': IMPORT_META_URL },
    });
    const out = result.outputFiles[0];
    if (!out) throw new BuildError(`esbuild produced no output for ${opts.entry}`);
    return { code: out.contents, warnings: result.warnings.map((m) => formatMessage(m, opts.workingDir)) };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw err;
    const shown = relative(process.cwd(), opts.entry) || opts.entry;
    throw new BuildError(
      `bundling the backend (${shown}) failed with ${errors.length} error(s):\n${errors.map((m) => formatMessage(m, opts.workingDir)).join('\n')}`,
    );
  }
}
