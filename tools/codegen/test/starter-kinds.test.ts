/**
 * `create-datasource --wrapper` and `--backend-only`: the packages for hand-written mappings start
 * from the same template as schema-generated ones. Each is generated into a temporary folder
 * inside the workspace (as `packages/<id>` would be), its files and plugin.json checked, and then
 * built, typechecked and tested with no edits. The temporary package borrows the installed
 * dependencies of the committed orders package (same dependency set) instead of `pnpm install`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { validatePluginJson } from '../src/plugin-json';

const root = resolve(__dirname, '../../..');
const createBin = join(root, 'tools/codegen/bin/create-datasource.cjs');
const dsforgeBin = join(root, 'tools/codegen/bin/dsforge.cjs');
const installed = join(root, 'packages/acme-orders-datasource/node_modules');

function run(cmd: string, args: string[], cwd = root, ci = true) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: ci ? 'true' : '' } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const KINDS = [
  { flag: '--wrapper', name: 'Billing Wrapper', id: 'acme-billing-datasource' },
  { flag: '--backend-only', name: 'Inventory Backend', id: 'acme-inventory-datasource' },
] as const;

describe.each(KINDS)('create-datasource $flag', ({ flag, name, id }) => {
  let out: string;
  let dir: string;

  beforeAll(() => {
    out = mkdtempSync(join(root, 'packages', '.tmp-starter-'));
    dir = join(out, id);
    const r = run(process.execPath, [createBin, flag, '--name', name, '--id', id, '--out', out]);
    if (r.code !== 0) throw new Error(`create-datasource ${flag} exited ${r.code}:\n${r.out}`);
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes a package with a hand-written query mapping beside the managed files', () => {
    for (const f of [
      'package.json',
      'src/plugin.json',
      'src/backend/main.ts',
      'src/backend/query.ts',
      'src/backend/hooks.ts',
      'src/generated/editor-schema.ts',
      'src/generated/types.ts',
      'src/components/QueryEditor.tsx',
      'src/components/ConfigEditor.tsx',
      'test/plugin.test.ts',
      'certify.config.json',
      'docker-compose.yaml',
      '.config/.dsforgerc.json',
    ])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'src/backend/main.ts'), 'utf8')).toContain('runQuery');
    expect(readFileSync(join(dir, 'src/generated/types.ts'), 'utf8')).toContain('DO NOT EDIT');
    expect(readFileSync(join(dir, 'src/backend/query.ts'), 'utf8')).not.toContain('DO NOT EDIT');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      dsforge: { createdAt?: string; backend?: string };
    };
    expect(pkg.dependencies['@dsforge/kit']).toBe('workspace:^');
    expect(pkg.dsforge.createdAt).toBeTruthy();
  });

  it('writes a valid plugin.json for a backend datasource with alerting and no routes', () => {
    const plugin = JSON.parse(readFileSync(join(dir, 'src/plugin.json'), 'utf8')) as Record<string, unknown>;
    expect(plugin).toMatchObject({ id, name, type: 'datasource', backend: true, alerting: true });
    expect(plugin.executable).toBe(`gpx_${id.replace(/-/g, '_')}`);
    expect(plugin.routes).toBeUndefined();
    expect(validatePluginJson(plugin, { catalog: true }).errors).toEqual([]);
  });

  it('builds, typechecks and passes its own tests with no edits', () => {
    symlinkSync(installed, join(dir, 'node_modules'), 'dir');
    const build = run(process.execPath, [dsforgeBin, 'build', dir, '--targets', 'linux_amd64']);
    expect(build).toMatchObject({ code: 0 });
    expect(existsSync(join(dir, 'dist', `gpx_${id.replace(/-/g, '_')}_linux_amd64`))).toBe(true);
    expect(existsSync(join(dir, 'dist', 'module.js'))).toBe(true);
    const tsc = run(
      process.execPath,
      [join(installed, 'typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
      dir,
    );
    expect(tsc).toMatchObject({ code: 0 });
    // A developer's first run writes the golden frames of every query type (for review)...
    const first = run(process.execPath, [join(installed, 'jest/bin/jest.js')], dir, false);
    expect(first.out).toMatch(/Tests:\s+(\d+ skipped, )?\d+ passed, \d+ total/);
    expect(first).toMatchObject({ code: 0 });
    expect(readdirSync(join(dir, 'test/golden/mock'))).toEqual(['listItems.json']);
    // ...and CI, with them committed, holds the plugin to them.
    const jest = run(process.execPath, [join(installed, 'jest/bin/jest.js'), '--ci'], dir);
    expect(jest.out).toMatch(/Tests:\s+(\d+ skipped, )?\d+ passed, \d+ total/);
    expect(jest).toMatchObject({ code: 0 });
  }, 180_000);
});
