import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { validatePluginJson } from './validate';

const testdata = join(__dirname, 'testdata');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(testdata, name), 'utf8')) as Record<string, unknown>;
const templates = readdirSync(testdata).filter(
  (f) => f.startsWith('create-plugin-') && f !== 'create-plugin-test-template-app.json',
);

/** The create-plugin datasource template with a backend, as a base for broken variants. */
const base = () => structuredClone(fixture('create-plugin-datasource-backend.json'));
const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);

describe('validatePluginJson', () => {
  it.each(templates)('accepts create-plugin template %s, also for the catalog', (name) => {
    const r = validatePluginJson(fixture(name), { catalog: true });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.valid).toBe(true);
  });

  it('accepts the older create-plugin test template for a build but not for the catalog (no keywords)', () => {
    const json = fixture('create-plugin-test-template-app.json');
    const build = validatePluginJson(json);
    expect(build.valid).toBe(true);
    expect(build.warnings.map((w) => w.path)).toEqual(['info.keywords']);
    const catalog = validatePluginJson(json, { catalog: true });
    expect(catalog.valid).toBe(false);
    expect(messages(catalog)[0]).toContain('"info.keywords" is missing: add at least one search keyword');
  });

  it('accepts the example datasource plugin.json', () => {
    const json = JSON.parse(
      readFileSync(join(__dirname, '../../../../examples/example-datasource/src/plugin.json'), 'utf8'),
    ) as unknown;
    expect(validatePluginJson(json, { catalog: true })).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it.each<[string, (j: Record<string, unknown>) => void, string, string]>([
    [
      'a plugin type Grafana does not know',
      (j) => (j.type = 'source'),
      'type',
      '"type" must be one of "app", "datasource"',
    ],
    [
      'a boolean flag written as a string',
      (j) => (j.alerting = 'yes'),
      'alerting',
      '"alerting" must be a boolean (got "yes")',
    ],
    [
      'a version that is not SemVer',
      (j) => ((j.info as Record<string, unknown>).version = '1.0'),
      'info.version',
      '"info.version" has an invalid value "1.0": use "%VERSION%"',
    ],
    [
      'a missing version',
      (j) => delete (j.info as Record<string, unknown>).version,
      'info.version',
      '"info.version" is missing: use "%VERSION%"',
    ],
    [
      'an updated date in another format',
      (j) => ((j.info as Record<string, unknown>).updated = '31/01/2026'),
      'info.updated',
      'use "%TODAY%"',
    ],
    [
      'a grafanaDependency that is no semver range',
      (j) => ((j.dependencies as Record<string, unknown>).grafanaDependency = 'twelve'),
      'dependencies.grafanaDependency',
      '"dependencies.grafanaDependency" "twelve" is not a semver range: add the Grafana versions the plugin supports as a semver range, e.g. ">=12.4.0"',
    ],
    [
      'a misspelt field',
      (j) => (j.alertting = true),
      'alertting',
      '"alertting" is not a plugin.json field: did you mean "alerting"?',
    ],
    [
      'a misspelt nested field',
      (j) => ((j.info as Record<string, unknown>).autor = { name: 'x' }),
      'info.autor',
      'did you mean "info.author"?',
    ],
    [
      'alerting without a backend',
      (j) => {
        j.backend = false;
        j.alerting = true;
      },
      'alerting',
      '"alerting": true needs "backend": true',
    ],
    [
      'a backend without executable',
      (j) => delete j.executable,
      'executable',
      '"backend": true needs "executable": use the base name',
    ],
    [
      'an executable with a path',
      (j) => (j.executable = '../gpx_orders'),
      'executable',
      '"executable" has an invalid value',
    ],
    [
      'a link URL that is not absolute',
      (j) => ((j.info as Record<string, unknown>).links = [{ name: 'docs', url: 'docs/index.html' }]),
      'info.links[0].url',
      '"info.links[0].url" must be a valid uri',
    ],
    [
      'an empty route path',
      (j) => (j.routes = [{ path: '', url: 'https://x.example' }]),
      'routes[0].path',
      'non-empty route path',
    ],
    [
      'a misspelt query option',
      (j) => (j.queryOptions = { maxDataPoints: true, minInterval: true, cacheTimout: true }),
      'queryOptions.cacheTimout',
      'did you mean "queryOptions.cacheTimeout"?',
    ],
    [
      'an include without type',
      (j) => (j.includes = [{ name: 'Overview' }]),
      'includes[0].type',
      '"includes[0].type" is missing',
    ],
  ])('rejects %s, naming the field and what to write', (_what, breakIt, path, message) => {
    const json = base();
    breakIt(json);
    const r = validatePluginJson(json, { file: 'src/plugin.json' });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => e.path)).toContain(path);
    const hit = r.errors.find((e) => e.path === path)!;
    expect(hit.message).toContain(message);
    expect(hit.message.startsWith('src/plugin.json: ')).toBe(true);
  });

  it('reports every problem at once', () => {
    const json = base();
    json.type = 'widget';
    json.metrics = 1;
    (json.info as Record<string, unknown>).version = 'latest';
    expect(
      validatePluginJson(json)
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(['info.version', 'metrics', 'type']);
  });

  it('treats catalog-only requirements as warnings for a build and as errors for the catalog', () => {
    const json = base();
    json.id = 'orders';
    delete json.name;
    delete (json.info as Record<string, unknown>).logos;
    delete json.dependencies;
    const build = validatePluginJson(json);
    expect(build.valid).toBe(true);
    expect(build.warnings.map((w) => w.path).sort()).toEqual([
      'dependencies',
      'id',
      'id',
      'info.logos',
      'name',
    ]);
    const catalog = validatePluginJson(json, { catalog: true });
    expect(catalog.valid).toBe(false);
    expect(messages(catalog).join('\n')).toContain('"info.logos" is missing: add {"small": "img/logo.svg"');
  });

  it('warns about an id whose suffix is not its type', () => {
    const json = base();
    json.id = 'acme-orders-panel';
    expect(validatePluginJson(json).warnings[0]!.message).toContain(
      '"id" "acme-orders-panel" should end with "-datasource"',
    );
  });

  it('keeps an unknown field that is no likely typo as a warning: Grafana ignores it', () => {
    const json = base();
    json.dsforgeGenerator = '0.1.0';
    const r = validatePluginJson(json);
    expect(r.valid).toBe(true);
    expect(r.warnings[0]!.message).toContain(
      '"dsforgeGenerator" is not a documented plugin.json field and Grafana ignores it',
    );
  });

  it('rejects a manifest that is not an object', () => {
    expect(validatePluginJson([], { file: 'plugin.json' }).errors[0]!.message).toBe(
      'plugin.json: plugin.json must contain a JSON object (got [])',
    );
  });
});
