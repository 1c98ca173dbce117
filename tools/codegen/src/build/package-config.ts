import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { BuildError } from './errors';

/** What dsforge reads from a plugin package's package.json. */
export interface PackageConfig {
  name: string;
  version: string;
  /** Absolute path of the backend entry (package.json `dsforge.backend`). */
  backendEntry: string;
}

/**
 * Reads `<packageDir>/package.json` and resolves its `"dsforge": { "backend": "src/backend/main.ts" }`
 * entry. Throws a `BuildError` naming the file and field when either is missing.
 */
export async function readPackageConfig(packageDir: string): Promise<PackageConfig> {
  const path = join(packageDir, 'package.json');
  const shown = relative(process.cwd(), path) || path;
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BuildError(
      code === 'ENOENT'
        ? `${shown} not found: is ${packageDir} a plugin package?`
        : `${shown} is not valid JSON: ${(err as Error).message}`,
    );
  }
  const ds = pkg.dsforge as Record<string, unknown> | undefined;
  const entry = ds && typeof ds === 'object' ? ds.backend : undefined;
  if (typeof entry !== 'string' || entry === '') {
    throw new BuildError(
      `${shown}: field "dsforge.backend" is missing; add "dsforge": { "backend": "src/backend/main.ts" } naming the backend entry file`,
    );
  }
  const backendEntry = resolve(packageDir, entry);
  const info = await stat(backendEntry).catch(() => undefined);
  if (!info?.isFile()) {
    throw new BuildError(
      `backend entry ${relative(process.cwd(), backendEntry) || backendEntry} not found (from "dsforge.backend" in ${shown}); create it or fix the path`,
    );
  }
  const version = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  const name = typeof pkg.name === 'string' ? pkg.name : packageDir;
  return { name, version, backendEntry };
}
