/**
 * Process-level behaviour of a plugin launched by Grafana: stdout kept for the handshake only,
 * SIGINT ignored (a terminal Ctrl-C reaches the whole process group; the host decides when we
 * stop), no crash on a stray rejection, and exit when the parent (Grafana) is gone.
 */
import { readFileSync } from 'node:fs';

import type { Logger } from './log';

type Write = (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;

/**
 * Sends everything later written to stdout (a stray `console.log` in user code or a library) to
 * stderr instead, and returns a writer for the real stdout, used once for the handshake line.
 * Any stdout output before the handshake would make go-plugin reject the plugin.
 */
export function reserveStdout(): (line: string) => void {
  const stdout = process.stdout as unknown as { write: Write };
  const original = stdout.write.bind(process.stdout) as Write;
  stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    (process.stderr.write as unknown as Write)(chunk, ...rest)) as Write;
  return (line) => {
    original(line);
  };
}

/** Logs and survives unhandled rejections and uncaught exceptions; ignores SIGINT. */
export function guardProcess(logger: Logger): () => void {
  const onRejection = (reason: unknown): void => {
    logger.error('unhandled promise rejection (the plugin keeps serving)', {
      error: (reason as Error)?.message ?? String(reason),
    });
  };
  const onException = (err: unknown): void => {
    logger.error('uncaught exception (the plugin keeps serving)', {
      error: (err as Error)?.message ?? String(err),
    });
  };
  const onSigint = (): void => logger.debug('SIGINT ignored; the host stops the plugin');
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('SIGINT', onSigint);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    process.off('SIGINT', onSigint);
  };
}

/** The live parent pid on Linux (Node's `process.ppid` is fixed at start), else undefined. */
function liveParentPid(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(rest[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** True while the process that started us still exists and is still our parent. */
export function parentAlive(initialPpid: number): boolean {
  const live = liveParentPid();
  if (live !== undefined && live !== initialPpid) return false; // reparented: the parent died
  try {
    process.kill(initialPpid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, just not ours to signal
  }
}

/** Options for {@link watchParent}. */
export interface ParentWatchOptions {
  /** Poll interval (default 1000 ms). */
  intervalMs?: number;
  /** Liveness check (default {@link parentAlive} of the pid at start). */
  isParentAlive?: () => boolean;
  onParentGone: () => void;
}

/**
 * Polls whether the parent is alive and calls `onParentGone` once when it is not. Grafana killed
 * with SIGKILL cannot call Shutdown; without this we would linger forever. Returns a stop function.
 */
export function watchParent(opts: ParentWatchOptions): () => void {
  const initial = process.ppid;
  // Started by init (pid 1) or unknown: there is no parent to watch.
  if (!opts.isParentAlive && initial <= 1) return () => {};
  const alive = opts.isParentAlive ?? (() => parentAlive(initial));
  const timer = setInterval(() => {
    if (alive()) return;
    clearInterval(timer);
    opts.onParentGone();
  }, opts.intervalMs ?? 1000);
  timer.unref(); // the watch alone never keeps the process running
  return () => clearInterval(timer);
}
