/**
 * A JSON Schema (draft-07) of Grafana's `plugin.json`, written by dsforge from the fields Grafana
 * documents in its plugin.json reference (grafana.com/developers/plugin-tools/reference/plugin-json).
 * Cross-field rules JSON Schema expresses badly (alerting needs a backend, a backend needs an
 * executable, the id ends in the type) live in `validate.ts`.
 * @module
 */

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: str } as const;

/** An object whose listed properties have the given schemas and which allows no others. */
function closed(properties: Record<string, object>, required: string[] = []): object {
  return { type: 'object', properties, required, additionalProperties: false };
}

/**
 * Plugin ids as the reference documents them: `<org>-<name>-<type>` or `<org>-<type>`, lowercase
 * letters and digits (e.g. `acme-orders-datasource`).
 */
export const PLUGIN_ID_PATTERN = '^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)$';

/** `YYYY-MM-DD`, or the placeholder the build fills in. */
export const UPDATED_PATTERN = '^(\\d{4}-\\d{2}-\\d{2}|%TODAY%)$';

/** SemVer `major.minor.patch` (with optional pre-release/build), or the placeholder. */
export const VERSION_PATTERN =
  '^((0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?|%VERSION%)$';

/** Plugin types Grafana knows. */
export const PLUGIN_TYPES = ['app', 'datasource', 'panel', 'renderer', 'secretsmanager'] as const;

/** Categories of the "Add new connection" page (the reference also allows custom strings). */
export const CATEGORIES = [
  'tsdb',
  'logging',
  'cloud',
  'tracing',
  'profiling',
  'sql',
  'enterprise',
  'iot',
  'other',
];

const permission = closed({ action: str, scope: str });

const extensionTitle = { type: 'string', minLength: 10 } as const;
const addedExtension = closed(
  { targets: { type: 'array', items: str, minItems: 1 }, title: extensionTitle, description: str },
  ['targets', 'title'],
);
const extensionId = {
  type: 'string',
  pattern: '^[0-9a-z]+-([0-9a-z]+-)?(app|panel|datasource)/[a-zA-Z0-9_-]+(/v[0-9]+)?$',
};
const declaredExtension = closed({ id: extensionId, title: str, description: str }, ['id']);

const route = closed(
  {
    // The reference warns against an empty path: it would match every request.
    path: { type: 'string', minLength: 1 },
    method: str,
    url: str,
    reqSignedIn: bool,
    reqRole: str,
    reqAction: str,
    headers: { type: 'array', items: closed({ name: str, content: str }, ['name', 'content']) },
    body: { type: 'object' },
    tokenAuth: closed({
      url: { type: 'string', format: 'uri' },
      scopes: strings,
      params: {
        type: 'object',
        properties: { grant_type: str, client_id: str, client_secret: str, resource: str },
        additionalProperties: true,
      },
    }),
    jwtTokenAuth: closed({
      url: { type: 'string', format: 'uri' },
      scopes: strings,
      params: closed({ token_uri: str, client_email: str, private_key: str }),
    }),
    urlParams: { type: 'array', items: closed({ name: str, content: str }, ['name', 'content']) },
  },
  ['path'],
);

const info = closed(
  {
    author: closed({
      name: str,
      email: { type: 'string', format: 'email' },
      url: { type: 'string', format: 'uri' },
    }),
    build: closed({
      time: { type: 'number' },
      repo: str,
      branch: str,
      hash: str,
      number: { type: 'number' },
      pr: { type: 'number' },
      build: { type: 'number' },
    }),
    description: str,
    keywords: { type: 'array', items: str, minItems: 1 },
    links: {
      type: 'array',
      items: closed({
        name: str,
        url: { type: 'string', format: 'uri' },
        target: { enum: ['_blank', '_self', '_parent', '_top'] },
      }),
    },
    logos: closed({ small: str, large: str }, ['small', 'large']),
    screenshots: { type: 'array', items: closed({ name: str, path: str }) },
    updated: { type: 'string', pattern: UPDATED_PATTERN },
    version: { type: 'string', pattern: VERSION_PATTERN },
  },
  ['keywords', 'logos', 'updated', 'version'],
);

const dependencies = closed(
  {
    // Checked with node-semver in validate.ts, as Grafana does.
    grafanaDependency: str,
    grafanaVersion: { type: 'string', pattern: '^([0-9]+)(\\.[0-9x]+)?(\\.[0-9x])?$' },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: PLUGIN_ID_PATTERN },
          type: { enum: ['app', 'datasource', 'panel'] },
          name: str,
          version: str,
        },
        required: ['id', 'type', 'name'],
      },
    },
    extensions: closed({ exposedComponents: strings }),
  },
  ['grafanaDependency'],
);

const include = closed(
  {
    uid: str,
    type: { enum: ['dashboard', 'page', 'panel', 'datasource'] },
    name: str,
    component: str,
    role: { enum: ['Admin', 'Editor', 'Viewer'] },
    action: str,
    path: str,
    addToNav: bool,
    defaultNav: bool,
    icon: str,
  },
  ['type'],
);

/** The schema, for ajv (draft-07). */
export const pluginJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://dsforge.dev/schemas/grafana-plugin.json',
  title: "Grafana plugin.json (written from Grafana's plugin.json reference)",
  ...closed(
    {
      $schema: str,
      id: { type: 'string', pattern: PLUGIN_ID_PATTERN },
      type: { enum: [...PLUGIN_TYPES] },
      name: { type: 'string', minLength: 1 },
      info,
      dependencies,
      alerting: bool,
      annotations: bool,
      autoEnabled: bool,
      backend: bool,
      buildMode: str,
      builtIn: bool,
      category: str,
      docsPath: str,
      enterpriseFeatures: {
        type: 'object',
        properties: { healthDiagnosticsErrors: bool },
        additionalProperties: true,
      },
      executable: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
      hiddenQueries: bool,
      hideFromList: bool,
      includes: { type: 'array', items: include },
      logs: bool,
      metrics: bool,
      mixed: bool,
      multiValueFilterOperators: bool,
      pascalName: { type: 'string', pattern: '^([A-Z][a-zA-Z]{1,62})$' },
      preload: bool,
      suggestions: bool,
      queryOptions: closed({ maxDataPoints: bool, minInterval: bool, cacheTimeout: bool }),
      routes: { type: 'array', items: route },
      skipDataQuery: bool,
      state: { enum: ['alpha', 'beta', 'stable', 'deprecated'] },
      streaming: bool,
      tracing: bool,
      iam: closed({ permissions: { type: 'array', items: permission } }),
      roles: {
        type: 'array',
        items: closed({
          role: closed({ name: str, description: str, permissions: { type: 'array', items: permission } }),
          grants: strings,
        }),
      },
      extensions: closed({
        addedComponents: { type: 'array', items: addedExtension },
        addedLinks: { type: 'array', items: addedExtension },
        addedFunctions: { type: 'array', items: addedExtension },
        exposedComponents: { type: 'array', items: declaredExtension },
        extensionPoints: { type: 'array', items: declaredExtension },
      }),
      languages: { type: 'array', items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?$' } },
    },
    ['id', 'type', 'name', 'info', 'dependencies'],
  ),
} as const;

/** Every top-level field the schema knows, for "did you mean" suggestions. */
export const TOP_LEVEL_FIELDS = Object.keys(
  (pluginJsonSchema as unknown as { properties: Record<string, unknown> }).properties,
);
