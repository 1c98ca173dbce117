import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BuildError } from '../build/errors';
import { buildFrontendBundle } from './build-frontend';
import { runFrontendBuild } from './index';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dsforge-febuild-'));
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'plugin.json'), JSON.stringify({ id: 'acme-x-datasource' }));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const write = (rel: string, text: string) => writeFile(join(dir, rel), text);
/** The dependency list of the AMD define() call at the start of module.js. */
const amdDeps = (code: string): string[] => JSON.parse(/^define\((\[[^\]]*\])/.exec(code)![1]!) as string[];

const MODULE_TSX = `
import { DataSourcePlugin } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { Field } from '@grafana/ui';
import { css } from '@emotion/css';
import { map } from 'rxjs/operators';
import { debounce } from 'lodash';
class DS extends DataSourceWithBackend<any, any> {
  tidy = debounce(() => map((x: number) => x + 1), 10);
}
function Editor(props: { label: string }) {
  return <Field label={props.label} className={css({ padding: 1 })}><span /></Field>;
}
export const plugin = new DataSourcePlugin(DS).setConfigEditor(Editor as any);
`;

describe('buildFrontendBundle', () => {
  it("writes an AMD module.js whose dependencies are Grafana's shared modules, with a source map", async () => {
    await write('src/module.tsx', MODULE_TSX);
    const r = await buildFrontendBundle({ packageDir: dir, outDir: join(dir, 'dist') });
    expect(r.files).toEqual(['module.js', 'module.js.map']);
    const code = await readFile(r.moduleJs, 'utf8');
    expect(amdDeps(code).sort()).toEqual([
      '@emotion/css',
      '@grafana/data',
      '@grafana/runtime',
      '@grafana/ui',
      'lodash',
      'module',
      'react/jsx-runtime',
      'rxjs/operators',
    ]);
    expect(code).toContain('//# sourceMappingURL=module.js.map');
    expect(r.bytes).toBe(Buffer.byteLength(code));
  });

  it('produces byte-identical output when built twice', async () => {
    await write('src/module.tsx', MODULE_TSX);
    await buildFrontendBundle({ packageDir: dir, outDir: join(dir, 'a') });
    await buildFrontendBundle({ packageDir: dir, outDir: join(dir, 'b') });
    for (const f of ['module.js', 'module.js.map']) {
      expect(await readFile(join(dir, 'b', f))).toEqual(await readFile(join(dir, 'a', f)));
    }
  });

  it('fails naming the importer when the frontend imports a Node built-in', async () => {
    await write(
      'src/module.ts',
      "import { DataSourcePlugin } from '@grafana/data';\nimport './files';\nexport const plugin = new DataSourcePlugin(class {} as any);\n",
    );
    await write(
      'src/files.ts',
      "import { readFileSync } from 'fs';\nimport { join } from 'node:path';\nexport const x = () => readFileSync(join('a'));\n",
    );
    const err = (await buildFrontendBundle({ packageDir: dir, outDir: join(dir, 'dist') }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(BuildError);
    expect(err.message).toContain(
      'src/files.ts imports "fs", a Node.js built-in module (imported via src/module.ts → src/files.ts)',
    );
    expect(err.message).toContain('src/files.ts imports "node:path"');
    expect(err.message).toContain('move the code that needs "fs" to the backend (src/backend/)');
  });

  it('fails listing the compile error of a broken source file', async () => {
    await write('src/module.ts', 'export const plugin = ;\n');
    await expect(buildFrontendBundle({ packageDir: dir, outDir: join(dir, 'dist') })).rejects.toThrow(
      /the frontend build of .*src\/module\.ts failed:\n {2}- src\/module\.ts: /,
    );
  });
});

describe('runFrontendBuild (the dsforge build step)', () => {
  it('skips a package without src/module.ts and reports no module.js', async () => {
    const lines: string[] = [];
    await expect(runFrontendBuild(dir, join(dir, 'dist'), (l) => lines.push(l))).resolves.toEqual({
      moduleJs: false,
    });
    expect(lines).toEqual([]);
  });

  it('prints size and build time and copies the logo plugin.json names', async () => {
    await write(
      'src/plugin.json',
      JSON.stringify({ id: 'acme-x-datasource', info: { logos: { small: 'logo.svg', large: 'logo.svg' } } }),
    );
    await write('src/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await write(
      'src/module.ts',
      "import { DataSourcePlugin } from '@grafana/data';\nexport const plugin = new DataSourcePlugin(class {} as any);\n",
    );
    const lines: string[] = [];
    await expect(runFrontendBuild(dir, join(dir, 'dist'), (l) => lines.push(l))).resolves.toEqual({
      moduleJs: true,
    });
    expect(lines[0]).toMatch(/module\.js built \(\d+(\.\d)? (B|kB), \d+\.\d s\)$/);
    expect(lines[1]).toBe('  copied logo.svg');
    await expect(readFile(join(dir, 'dist', 'logo.svg'), 'utf8')).resolves.toContain('<svg');
  });
});
