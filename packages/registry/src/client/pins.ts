import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** How a key came to be pinned: the first install from a registry, or `--accept-new-keys`. */
export type PinSource = 'first-use' | 'accepted';

/** One pinned key. `revokedAt` is sticky: once seen revoked, a key is never trusted again. */
export interface PinnedKey {
  pinnedAt: string;
  via: PinSource;
  /** OpenPGP user ids (signing keys), for people reading the file. */
  userIds?: string[];
  revokedAt?: string;
  revocationReason?: string;
}

/** The keys trusted for one registry: company signing keys by fingerprint, certifier keys by key id. */
export interface RegistryPins {
  signingKeys: Record<string, PinnedKey>;
  certifierKeys: Record<string, PinnedKey>;
}

/** The pin file: `{"v": 1, "registries": {"<registry URL>": RegistryPins}}`. */
export interface PinFileData {
  v: 1;
  registries: Record<string, RegistryPins>;
}

/**
 * The pin file `dsforge install` uses: `$DSFORGE_PINNED_KEYS`, else
 * `$XDG_CONFIG_HOME/dsforge/pinned-keys.json`, else `~/.config/dsforge/pinned-keys.json`.
 */
export function defaultPinFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DSFORGE_PINNED_KEYS) return env.DSFORGE_PINNED_KEYS;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'dsforge', 'pinned-keys.json');
}

/** Pins are per registry URL as the installer addresses it (scheme, host, port, path; no trailing slash). */
export function registryKey(base: string): string {
  const u = new URL(base);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** Reads the pin file; a missing file is an empty one, an unreadable one is an error (never "no pins"). */
export async function loadPins(path: string): Promise<PinFileData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { v: 1, registries: {} };
    throw new Error(`cannot read the pinned keys file ${path}: ${(err as Error).message}`, { cause: err });
  }
  let data: PinFileData;
  try {
    data = JSON.parse(text) as PinFileData;
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); fix or remove it`, {
      cause: err,
    });
  }
  // A corrupt file must not silently become "first use" again: that would re-trust whatever is served.
  if (data?.v !== 1 || typeof data.registries !== 'object' || data.registries === null)
    throw new Error(`${path} is not a dsforge pinned-keys file (expected {"v":1,"registries":{...}})`);
  return data;
}

/** Writes the pin file atomically (temp file + rename), readable by the owner only. */
export async function savePins(path: string, data: PinFileData): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
