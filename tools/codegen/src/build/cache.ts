import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The dsforge cache root: `$DSFORGE_CACHE_DIR`, else `$XDG_CACHE_HOME/dsforge`, else
 * `~/.cache/dsforge`. Holds Node runtimes (`node/<version>/<platform>/`), SEA blobs (`sea/`) and
 * output stamps (`stamps/`); every entry is content-addressed or verified, so deleting it is safe.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DSFORGE_CACHE_DIR) return env.DSFORGE_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'dsforge');
  return join(homedir(), '.cache', 'dsforge');
}

/** Hex sha256 of the given parts, separated so that ("ab","c") and ("a","bc") differ. */
export function hashOf(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(String(typeof p === 'string' ? p.length : p.byteLength));
    h.update(':');
    h.update(p);
  }
  return h.digest('hex');
}
