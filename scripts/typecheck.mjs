// `pnpm typecheck`: the root program (server-side code: runtimes, kit, tools, example backends)
// plus every package that has its own tsconfig.json (frontends need the DOM lib and JSX, and
// the compatibility job its own @grafana/* versions). Each runs as a separate `tsc -p`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const projects = ['tsconfig.json'];
for (const dir of ['packages', 'examples', 'compat']) {
  if (!existsSync(join(root, dir))) continue;
  for (const name of readdirSync(join(root, dir)).sort()) {
    const p = join(dir, name, 'tsconfig.json');
    if (existsSync(join(root, p))) projects.push(p);
  }
}
let failed = 0;
for (const p of projects) {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', p], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(
    `typecheck ${p}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
