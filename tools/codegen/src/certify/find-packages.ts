/**
 * `dsforge certify --all`: every package of the workspace whose src/plugin.json says
 * `"type": "datasource"`. Workspace folders come from pnpm-workspace.yaml (`dir/*` patterns).
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { parse } from 'yaml';

/** The folder holding pnpm-workspace.yaml at or above `from`, or undefined. */
export async function workspaceRoot(from: string): Promise<string | undefined> {
  let dir = resolve(from);
  for (;;) {
    if (
      await readFile(join(dir, 'pnpm-workspace.yaml')).then(
        () => true,
        () => false,
      )
    )
      return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Package folders matching the workspace patterns (`a/*`, `a/b`; `**` is not used by dsforge). */
async function workspaceDirs(root: string): Promise<string[]> {
  const ws = parse(await readFile(join(root, 'pnpm-workspace.yaml'), 'utf8')) as {
    packages?: string[];
  } | null;
  const out: string[] = [];
  for (const pattern of ws?.packages ?? []) {
    if (pattern.startsWith('!')) continue;
    if (pattern.endsWith('/*')) {
      const base = join(root, pattern.slice(0, -2));
      for (const e of await readdir(base, { withFileTypes: true }).catch(() => []))
        if (e.isDirectory()) out.push(join(base, e.name));
    } else out.push(join(root, pattern));
  }
  return out.sort();
}

/** Datasource packages under the workspace containing `from`. */
export async function findDatasourcePackages(from: string): Promise<string[]> {
  const root = await workspaceRoot(from);
  if (!root) return [];
  const found: string[] = [];
  for (const dir of await workspaceDirs(root)) {
    try {
      const pj = JSON.parse(await readFile(join(dir, 'src/plugin.json'), 'utf8')) as { type?: unknown };
      if (pj.type === 'datasource') found.push(dir);
    } catch {
      // not a plugin package
    }
  }
  return found;
}
