/**
 * Chooses and binds the address the plugin's gRPC server listens on, the way go-plugin does:
 * a fresh unix socket in `PLUGIN_UNIX_SOCKET_DIR` (or the temp dir) on Linux/macOS, TCP on
 * 127.0.0.1 within `PLUGIN_MIN_PORT..PLUGIN_MAX_PORT` on Windows.
 */
import { randomInt } from 'node:crypto';
import { existsSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';

import type { ListenAddress } from './handshake';

/** Where to listen. Omitted fields follow the go-plugin environment variables. */
export type ListenOptions =
  | {
      type: 'unix';
      /** exact socket path */ path?: string;
      /** directory for a generated name */ dir?: string;
    }
  | {
      type: 'tcp';
      host?: string;
      /** exact port (0 = any free port) */ port?: number;
      minPort?: number;
      maxPort?: number;
    };

type Env = Record<string, string | undefined>;

/** go-plugin's defaults when the host sets no port range. */
const DEFAULT_MIN_PORT = 10000;
const DEFAULT_MAX_PORT = 25000;

/** The listen options a plugin launched by Grafana uses on this platform. */
export function listenOptionsFromEnv(env: Env, platform: NodeJS.Platform = process.platform): ListenOptions {
  if (platform === 'win32') {
    return {
      type: 'tcp',
      host: '127.0.0.1',
      minPort: portFrom(env.PLUGIN_MIN_PORT, DEFAULT_MIN_PORT),
      maxPort: portFrom(env.PLUGIN_MAX_PORT, DEFAULT_MAX_PORT),
    };
  }
  const dir = env.PLUGIN_UNIX_SOCKET_DIR;
  return dir ? { type: 'unix', dir } : { type: 'unix' };
}

function portFrom(text: string | undefined, fallback: number): number {
  const n = Number.parseInt(text ?? '', 10);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : fallback;
}

/** A bound address plus how to clean it up after the server stopped. */
export interface BoundAddress extends ListenAddress {
  /** Removes the socket file (unix); safe to call twice. */
  cleanup(): void;
}

function bind(server: grpc.Server, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, port) =>
      err ? reject(err) : resolve(port),
    );
  });
}

/** A fresh socket path like go-plugin's `os.CreateTemp(dir, "plugin")` (short: unix paths max ~104 bytes). */
function socketPath(dir: string): string {
  for (;;) {
    const candidate = join(dir, `plugin${randomInt(100_000_000, 1_000_000_000)}`);
    if (!existsSync(candidate)) return candidate;
  }
}

function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone (or never created): nothing to clean.
  }
}

/**
 * Binds `server` as `options` says and resolves once it is listening, so the handshake line can be
 * printed right after (the host dials immediately).
 */
export async function bindServer(server: grpc.Server, options: ListenOptions): Promise<BoundAddress> {
  if (options.type === 'unix') {
    const path = options.path ?? socketPath(options.dir ?? tmpdir());
    try {
      await bind(server, `unix:${path}`);
    } catch (err) {
      throw new Error(
        `cannot listen on unix socket ${path}: ${(err as Error).message}; set PLUGIN_UNIX_SOCKET_DIR to a writable directory`,
        { cause: err },
      );
    }
    return { network: 'unix', address: path, cleanup: () => removeFile(path) };
  }
  const host = options.host ?? '127.0.0.1';
  if (options.port !== undefined) {
    const port = await bind(server, `${host}:${options.port}`);
    return { network: 'tcp', address: `${host}:${port}`, cleanup: () => {} };
  }
  const min = options.minPort ?? DEFAULT_MIN_PORT;
  const max = options.maxPort ?? DEFAULT_MAX_PORT;
  for (let port = min; port <= max; port++) {
    try {
      const bound = await bind(server, `${host}:${port}`);
      return { network: 'tcp', address: `${host}:${bound}`, cleanup: () => {} };
    } catch {
      // Port taken: go-plugin scans the range upwards too.
    }
  }
  throw new Error(
    `no free TCP port on ${host} between ${min} and ${max}; widen PLUGIN_MIN_PORT..PLUGIN_MAX_PORT`,
  );
}
