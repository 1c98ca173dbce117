import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { validatePluginJson, type PluginJsonProblem } from '../plugin-json';
import { BuildError } from './errors';

/** The parts of a plugin's `src/plugin.json` that packaging depends on. */
export interface PluginJson {
  id: string;
  type: 'datasource' | 'app';
  backend: true;
  /** Base name of the backend binaries: Grafana runs `<executable>_<os>_<arch>[.exe]`. */
  executable: string;
  /** The file as parsed, written back to the dist folder (with `%VERSION%`/`%TODAY%` filled in). */
  raw: Record<string, unknown>;
  /** Absolute path of the file that was read. */
  path: string;
  /** What the schema check reports without failing the build (catalog-only fields, ignored fields). */
  warnings?: PluginJsonProblem[];
}

// Grafana plugin ids are lowercase words joined by dashes, e.g. `acme-example-datasource`.
const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// The executable is a file name next to plugin.json, never a path.
const EXECUTABLE_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads and validates `<packageDir>/src/plugin.json`. Throws a `BuildError` naming the file, the
 * field and what to write there when the file is missing, not JSON, or lacks a backend executable.
 */
export async function readPluginJson(packageDir: string): Promise<PluginJson> {
  const path = join(packageDir, 'src', 'plugin.json');
  const shown = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BuildError(
      `${shown} not found: a plugin package needs src/plugin.json (Grafana's plugin manifest) with id, type, backend and executable`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BuildError(`${shown} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new BuildError(`${shown} must contain a JSON object`);
  const o = raw as Record<string, unknown>;
  const bad = (field: string, want: string) => new BuildError(`${shown}: field "${field}" ${want}`);

  if (typeof o.id !== 'string' || !ID_PATTERN.test(o.id)) {
    throw bad(
      'id',
      `must be a lowercase dash-separated plugin id such as "acme-example-datasource" (got ${JSON.stringify(o.id)})`,
    );
  }
  if (o.type !== 'datasource' && o.type !== 'app') {
    throw bad(
      'type',
      `must be "datasource" or "app" for a plugin with a backend (got ${JSON.stringify(o.type)})`,
    );
  }
  if (o.backend !== true) {
    throw bad('backend', `must be true: dsforge build packages a backend (got ${JSON.stringify(o.backend)})`);
  }
  if (typeof o.executable !== 'string' || !EXECUTABLE_PATTERN.test(o.executable)) {
    throw bad(
      'executable',
      `must name the backend binary without path or extension, e.g. "gpx_${o.id.replace(/-/g, '_')}" (got ${JSON.stringify(o.executable)})`,
    );
  }
  // Everything else Grafana documents: all problems at once, each naming the field and the fix.
  const checked = validatePluginJson(o);
  if (!checked.valid) {
    throw new BuildError(
      `${shown} is not a valid Grafana plugin.json:\n${checked.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return {
    id: o.id,
    type: o.type,
    backend: true,
    executable: o.executable,
    raw: o,
    path,
    warnings: checked.warnings,
  };
}

/**
 * plugin.json as it goes into the dist folder: create-plugin style placeholders `%VERSION%` and
 * `%TODAY%` are replaced by the package version and today's date (YYYY-MM-DD).
 */
export function renderPluginJson(plugin: PluginJson, version: string, today = new Date()): string {
  const date = today.toISOString().slice(0, 10);
  const text = JSON.stringify(plugin.raw, null, 2)
    .replaceAll('%VERSION%', version)
    .replaceAll('%TODAY%', date);
  return text + '\n';
}
