/**
 * Applies a planned package to a {@link VirtualTree} following the ownership table:
 *
 * - `create`: every planned file is added (the folder must be empty or absent — checked by the
 *   command before planning);
 * - `update`: managed files are rewritten (and managed files the plan no longer has are deleted),
 *   user files are added only when missing, so hand edits survive.
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import { isRemoved, ownerOf } from './ownership';
import type { VirtualTree } from './vfs';

/** Files under `dir` (relative, `/`-separated), skipping `node_modules` and `dist`. */
export function listFiles(dir: string, root = dir, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) listFiles(full, root, out);
    else out.push(relative(root, full).split('\\').join('/'));
  }
  return out;
}

/** Adds or updates files per the mode and the ownership table. Returns the paths kept as the user's. */
export function applyPlan(
  tree: VirtualTree,
  files: Map<string, string | Buffer>,
  mode: 'create' | 'update',
): { kept: string[] } {
  const kept: string[] = [];
  for (const [path, content] of files) {
    if (!tree.exists(path)) tree.add(path, content);
    else if (mode === 'create' || ownerOf(path) === 'managed') tree.update(path, content);
    else kept.push(path);
  }
  if (mode === 'update') {
    for (const path of listFiles(tree.root)) {
      if ((ownerOf(path) === 'managed' && !files.has(path)) || isRemoved(path)) tree.delete(path);
    }
  }
  return { kept };
}
