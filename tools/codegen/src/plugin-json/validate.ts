import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import semver from 'semver';

import { closestField, hintFor } from './hints';
import { pluginJsonSchema } from './schema';

/** One problem in a plugin.json: where (dotted path, e.g. `info.logos.small`) and what to do. */
export interface PluginJsonProblem {
  path: string;
  message: string;
}

/** What `validatePluginJson` found. `valid` is true when `errors` is empty. */
export interface PluginJsonValidation {
  valid: boolean;
  errors: PluginJsonProblem[];
  /** Problems that do not stop Grafana from loading the plugin (see `catalog`). */
  warnings: PluginJsonProblem[];
}

export interface ValidateOptions {
  /** Shown before each message, e.g. `src/plugin.json`. */
  file?: string;
  /**
   * Also fail on what only grafana.com's catalog requires: the documented required fields Grafana
   * itself tolerates missing (`name`, `info`, `dependencies.grafanaDependency`, `info.keywords`,
   * `info.logos`) and the `<org>-<name>-<type>` id convention. Off for `dsforge build` (they are
   * warnings there), on for certification.
   */
  catalog?: boolean;
}

/** Missing fields (dotted paths) that only the catalog needs; Grafana loads the plugin without them. */
const CATALOG_REQUIRED = new Set([
  'info',
  'name',
  'dependencies',
  'dependencies.grafanaDependency',
  'info.keywords',
  'info.logos',
]);

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  if (!compiled) {
    // verbose: errors carry their parentSchema, so unknown fields can be matched against siblings.
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    addFormats(ajv, ['email', 'uri']);
    compiled = ajv.compile(pluginJsonSchema);
  }
  return compiled;
}

/** `/info/links/0/url` → `info.links[0].url`. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const withHint = (path: string, text: string) => {
  const hint = hintFor(path);
  return hint ? `${text}: ${hint}` : text;
};

interface Classified extends PluginJsonProblem {
  catalog: boolean;
  /** Unknown fields Grafana ignores: reported, never fatal. */
  ignorable?: boolean;
}

function describe(e: ErrorObject): Classified {
  const at = dotted(e.instancePath);
  const field = at || '(top level)';
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const path = at ? `${at}.${missing}` : missing;
      return { path, message: withHint(path, `"${path}" is missing`), catalog: CATALOG_REQUIRED.has(path) };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const path = at ? `${at}.${extra}` : extra;
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closestField(extra, known);
      if (guess) {
        return {
          path,
          message: `"${path}" is not a plugin.json field: did you mean "${at ? `${at}.${guess}` : guess}"?`,
          catalog: false,
        };
      }
      return {
        path,
        message: `"${path}" is not a documented plugin.json field and Grafana ignores it; remove it${known.length ? ` (known fields here: ${known.join(', ')})` : ''}`,
        catalog: false,
        ignorable: true,
      };
    }
    case 'type':
      return {
        path: at,
        message: withHint(at, `"${field}" must be ${article(String(e.params.type))} (got ${show(e.data)})`),
        catalog: false,
      };
    case 'enum':
      return {
        path: at,
        message: `"${field}" must be one of ${(e.params.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`,
        catalog: false,
      };
    case 'pattern':
      return {
        path: at,
        message: withHint(at, `"${field}" has an invalid value ${show(e.data)}`),
        catalog: at === 'id',
      };
    case 'format':
      return {
        path: at,
        message: withHint(at, `"${field}" must be a valid ${String(e.params.format)} (got ${show(e.data)})`),
        catalog: false,
      };
    case 'minItems':
      return {
        path: at,
        message: withHint(at, `"${field}" needs at least ${String(e.params.limit)} item(s)`),
        catalog: at === 'info.keywords',
      };
    case 'minLength':
      return {
        path: at,
        message: withHint(
          at,
          `"${field}" must be at least ${String(e.params.limit)} character(s) long (got ${show(e.data)})`,
        ),
        catalog: false,
      };
    default:
      return { path: at, message: `"${field}" ${e.message ?? 'is invalid'}`, catalog: false };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Rules across fields, which the JSON Schema does not express. */
function crossFieldRules(o: Record<string, unknown>): Classified[] {
  const out: Classified[] = [];
  if (o.alerting === true && o.backend !== true) {
    out.push({
      path: 'alerting',
      message:
        '"alerting": true needs "backend": true: Grafana evaluates alert rules on the server through the plugin backend; set "backend": true and ship an executable, or remove "alerting"',
      catalog: false,
    });
  }
  if (o.backend === true && (typeof o.executable !== 'string' || o.executable === '')) {
    out.push({
      path: 'executable',
      message: withHint('executable', '"backend": true needs "executable"'),
      catalog: false,
    });
  }
  if (
    typeof o.id === 'string' &&
    typeof o.type === 'string' &&
    ['app', 'panel', 'datasource'].includes(o.type)
  ) {
    if (!o.id.endsWith(`-${o.type}`)) {
      out.push({
        path: 'id',
        message: `"id" ${show(o.id)} should end with "-${o.type}" because "type" is ${show(o.type)} (grafana.com naming convention)`,
        catalog: true,
      });
    }
  }
  const deps = o.dependencies as Record<string, unknown> | undefined;
  const range = deps && typeof deps === 'object' ? deps.grafanaDependency : undefined;
  if (typeof range === 'string' && semver.validRange(range) === null) {
    out.push({
      path: 'dependencies.grafanaDependency',
      message: withHint(
        'dependencies.grafanaDependency',
        `"dependencies.grafanaDependency" ${show(range)} is not a semver range`,
      ),
      catalog: false,
    });
  }
  return out;
}

/**
 * Validates a parsed plugin.json against dsforge's schema of Grafana's documented fields plus the
 * cross-field rules (alerting needs a backend, a backend needs an executable, the id ends in its
 * type, grafanaDependency is a semver range). Every message names the field and says what to write.
 *
 * @example
 * const r = validatePluginJson(JSON.parse(text), { file: 'src/plugin.json' });
 * if (!r.valid) throw new Error(r.errors.map((e) => e.message).join('\n'));
 */
export function validatePluginJson(obj: unknown, opts: ValidateOptions = {}): PluginJsonValidation {
  const prefix = opts.file ? `${opts.file}: ` : '';
  const errors: PluginJsonProblem[] = [];
  const warnings: PluginJsonProblem[] = [];
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    errors.push({ path: '', message: `${prefix}plugin.json must contain a JSON object (got ${show(obj)})` });
    return { valid: false, errors, warnings };
  }
  const validate = schemaValidator();
  validate(obj);
  const problems = [
    ...(validate.errors ?? []).filter((e) => e.keyword !== 'if').map(describe),
    ...crossFieldRules(obj as Record<string, unknown>),
  ];
  const seen = new Set<string>();
  for (const p of problems) {
    const message = prefix + p.message;
    if (seen.has(message)) continue;
    seen.add(message);
    const fatal = !p.ignorable && (opts.catalog || !p.catalog);
    (fatal ? errors : warnings).push({ path: p.path, message });
  }
  return { valid: errors.length === 0, errors, warnings };
}
