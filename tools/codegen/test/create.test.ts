/**
 * `create-datasource` as a user runs it: a child process (yargs 18 does not load inside jest).
 * One generation per fixture, shared by the tests that read it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';

import { buildSchema, parse, validate } from 'graphql';

import { validatePluginJson } from '../src/plugin-json';
import { readSchema } from '../src/schema';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'tools/codegen/bin/create-datasource.cjs');
const ordersSpec = join(root, 'examples/schemas/orders.openapi.yaml');
const ordersGraphql = join(root, 'examples/schemas/orders.graphql');

function cli(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'create-datasource-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Reads the object literal assigned in a generated TypeScript file. */
function generatedJson<T>(file: string, name: string): T {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('=', text.indexOf(`export const ${name}`)) + 1;
  const end = text.indexOf(';\n', start);
  // prettier printed the JSON as an object literal (unquoted keys): evaluate it as one.
  return runInNewContext(`(${text.slice(start, end)})`) as T;
}

describe('create-datasource without a terminal', () => {
  it('stops with exit 2 naming a missing flag instead of prompting', () => {
    const r = cli(['--openapi', ordersSpec, '--out', work]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Missing --name');
  });

  it('reports a bad schema with its file and line', () => {
    const r = cli([
      '--openapi',
      join(root, 'examples/schemas/broken/dangling-ref.yaml'),
      '--name',
      'Broken',
      '--out',
      work,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /dangling-ref\.yaml:\d+:\d+: \$ref "#\/components\/schemas\/Thingy" does not resolve/,
    );
  });
});

describe('create-datasource --id', () => {
  it('refuses an id the plugin catalog rejects, naming the rule and a valid id, before reading the schema', () => {
    const r = cli([
      '--openapi',
      join(root, 'examples/schemas/broken/dangling-ref.yaml'),
      '--name',
      'Billing',
      '--id',
      'acme-billing-wrapper-datasource',
      '--out',
      work,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--id acme-billing-wrapper-datasource is not a valid datasource plugin id');
    expect(r.stderr).toContain('<org>-<name>-datasource');
    expect(r.stderr).toContain('--id acme-billingwrapper-datasource');
    expect(existsSync(join(work, 'acme-billing-wrapper-datasource'))).toBe(false);
  });

  it('accepts exactly the ids the catalog validator accepts', () => {
    const catalogOk = (id: string) =>
      validatePluginJson(
        { id, type: 'datasource', name: 'X', info: { version: '1.0.0' } },
        { catalog: true },
      ).errors.every((p) => p.path !== 'id');
    for (const id of ['acme-billing-wrapper-datasource', 'Acme-orders-datasource', 'acme-orders-app']) {
      expect(catalogOk(id)).toBe(false);
      expect(cli(['--openapi', ordersSpec, '--name', 'X', '--id', id, '--out', work, '--dry-run']).code).toBe(
        2,
      );
    }
    const r = cli([
      '--openapi',
      ordersSpec,
      '--name',
      'X',
      '--id',
      'acme-billing-datasource',
      '--out',
      work,
      '--dry-run',
    ]);
    expect(catalogOk('acme-billing-datasource')).toBe(true);
    expect(r.code).toBe(0);
  });
});

describe('create-datasource --dry-run --json', () => {
  it('lists the chosen read operations and the files, and writes nothing', async () => {
    const r = cli([
      '--openapi',
      ordersSpec,
      '--name',
      'Orders API',
      '--id',
      'acme-dry-datasource',
      '--out',
      work,
      '--dry-run',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      operations: { id: string }[];
      files: { path: string; action: string }[];
    };
    const model = await readSchema(ordersSpec);
    expect(summary.operations.map((o) => o.id)).toEqual(
      model.operations.filter((o) => o.isQuery).map((o) => o.id),
    );
    expect(summary.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'src/plugin.json',
        'src/generated/operations.ts',
        'src/backend/hooks.ts',
        'certify.config.json',
      ]),
    );
    expect(existsSync(join(work, 'acme-dry-datasource'))).toBe(false);
  });
});

describe('a generated OpenAPI package', () => {
  let dir: string;
  let spec: string;
  beforeAll(() => {
    spec = join(work, 'orders.openapi.yaml');
    cpSync(ordersSpec, spec);
    const r = cli([
      '--openapi',
      spec,
      '--name',
      'Orders API',
      '--id',
      'acme-test-datasource',
      '--out',
      work,
      '--include',
      '*',
      '--exclude',
      'listOrdersSlow',
    ]);
    expect(r.stderr).toContain('Created acme-test-datasource');
    dir = join(work, 'acme-test-datasource');
  });

  it('offers exactly the read operations in the query editor', async () => {
    const editor = generatedJson<{ operations: { id: string }[] }>(
      join(dir, 'src/generated/editor-schema.ts'),
      'editorSchema',
    );
    const model = await readSchema(spec);
    const reads = model.operations.filter((o) => o.isQuery && o.id !== 'listOrdersSlow').map((o) => o.id);
    expect(editor.operations.map((o) => o.id)).toEqual(reads);
    expect(reads).not.toContain('createOrder');
  });

  it('writes a plugin.json for a backend datasource with alerting and no routes', () => {
    const plugin = JSON.parse(readFileSync(join(dir, 'src/plugin.json'), 'utf8'));
    expect(plugin).toMatchObject({
      id: 'acme-test-datasource',
      backend: true,
      alerting: true,
      executable: 'gpx_acme_test_datasource',
      dependencies: { grafanaDependency: '>=12.4.0' },
    });
    expect(plugin.routes).toBeUndefined();
    expect(validatePluginJson(plugin, { catalog: true }).errors).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@dsforge/kit']).toBe('workspace:^');
    expect(pkg.dsforge.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('has a docker-compose for a glibc Grafana that loads the unsigned plugin', () => {
    const compose = readFileSync(join(dir, 'docker-compose.yaml'), 'utf8');
    expect(compose).toMatch(/image: grafana\/[a-z-]+:[0-9.]+-ubuntu/);
    expect(compose).toContain('GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: acme-test-datasource');
    expect(compose).toContain('./dist:/var/lib/grafana/plugins/acme-test-datasource');
  });

  it('keeps a hand edit in src/ when update regenerates after a schema change', () => {
    const hooks = join(dir, 'src/backend/hooks.ts');
    writeFileSync(hooks, readFileSync(hooks, 'utf8') + '\n// hand edit: keep me\n');
    const managed = join(dir, '.config/jest.config.js');
    writeFileSync(managed, '// clobbered\n');
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        '  /health:\n',
        "  /regions:\n    get:\n      operationId: listRegions\n      responses:\n        '200':\n          description: Regions.\n          content:\n            application/json:\n              schema: { type: array, items: { type: string } }\n  /health:\n",
      ),
    );
    const r = cli(['update', dir, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { kept: string[]; files: { path: string }[] };
    expect(summary.kept).toContain('src/backend/hooks.ts');
    expect(readFileSync(hooks, 'utf8')).toContain('// hand edit: keep me');
    expect(readFileSync(managed, 'utf8')).toContain('DO NOT EDIT');
    const editor = generatedJson<{ operations: { id: string }[] }>(
      join(dir, 'src/generated/editor-schema.ts'),
      'editorSchema',
    );
    expect(editor.operations.map((o) => o.id)).toContain('listRegions');
  });

  it('refuses to create over an existing package', () => {
    const r = cli(['--openapi', spec, '--name', 'Orders API', '--id', 'acme-test-datasource', '--out', work]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists');
  });
});

describe('a generated GraphQL package', () => {
  it('has documents that validate against the schema', () => {
    const r = cli([
      '--graphql',
      ordersGraphql,
      '--endpoint',
      'http://localhost:4000/graphql',
      '--name',
      'Orders GraphQL',
      '--id',
      'acme-gqltest-datasource',
      '--out',
      work,
    ]);
    expect(r.code).toBe(0);
    const ops = generatedJson<{ id: string; document?: string }[]>(
      join(work, 'acme-gqltest-datasource/src/generated/operations.ts'),
      'operations',
    );
    const schema = buildSchema(readFileSync(ordersGraphql, 'utf8'));
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops)
      expect([op.id, validate(schema, parse(op.document ?? '')).map((e) => e.message)]).toEqual([op.id, []]);
  });
});
