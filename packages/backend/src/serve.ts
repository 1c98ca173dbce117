/**
 * `serve`: the entry point of a plugin's backend. Checks go-plugin's magic cookie, starts the
 * server, prints the handshake, and exits cleanly on Shutdown, SIGTERM or the parent's death.
 */
import type { ServeOptions } from './handler';
import { createPluginServer, type PluginServer, type PluginServerHooks } from './grpc/server';
import { hasMagicCookie, NOT_A_PLUGIN_MESSAGE } from './grpc/handshake';
import { guardProcess, reserveStdout, watchParent, type ParentWatchOptions } from './lifecycle';
import { createLogger } from './log';

/** The running plugin returned by {@link serve}. */
export interface ServeHandle {
  /** Resolves with the server once it listens and the handshake was printed. */
  readonly ready: Promise<PluginServer>;
  /** Socket path or `127.0.0.1:<port>`; empty until {@link ready} resolved. */
  readonly address: string;
  /** Stops serving (without exiting the process). */
  stop(): Promise<void>;
}

/** Process hooks for tests of `serve` itself; plugins never pass them. */
export interface ServeHooks extends PluginServerHooks {
  /** Parent-death watch options (or `false` to disable). */
  parentWatch?: Omit<ParentWatchOptions, 'onParentGone'> | false;
}

/**
 * Starts the plugin backend. Call once from the backend entry file:
 *
 * @example
 * serve({ queryData: queryEach(async (q) => [new Frame({ fields: [...] })]) });
 *
 * Run by hand (without Grafana's magic cookie) it prints go-plugin's "This binary is a plugin"
 * message to stderr and exits 1, like any Go plugin.
 */
export function serve<I = unknown, Q = unknown>(
  options: ServeOptions<I, Q>,
  hooks: ServeHooks = {},
): ServeHandle {
  const env = hooks.env ?? process.env;
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    exit(1);
    const failed = Promise.reject(new Error('not launched by a plugin host (magic cookie missing)'));
    failed.catch(() => {});
    return { ready: failed, address: '', stop: () => Promise.resolve() };
  }
  const stdout = hooks.stdout ?? reserveStdout();
  const logger = hooks.logger ?? options.logger ?? createLogger({ env });
  const unguard = guardProcess(logger);

  let server: PluginServer | undefined;
  const exitAfterStop = (why: string) => (): void => {
    logger.debug(`stopping: ${why}`);
    void (server ? server.stop() : Promise.resolve()).then(() => exit(0));
  };
  const onSigterm = exitAfterStop('SIGTERM');
  process.on('SIGTERM', onSigterm);
  let stopWatch = (): void => {};

  const ready = createPluginServer(options, { ...hooks, env, stdout, exit, logger }).then(
    (s) => {
      server = s;
      if (hooks.parentWatch !== false)
        stopWatch = watchParent({
          ...hooks.parentWatch,
          onParentGone: exitAfterStop('parent process is gone'),
        });
      void s.closed.then(() => {
        stopWatch();
        process.off('SIGTERM', onSigterm);
        unguard();
      });
      return s;
    },
    (err: unknown) => {
      logger.error('plugin could not start', { error: (err as Error)?.message ?? String(err) });
      exit(1);
      throw err;
    },
  );
  ready.catch(() => {});
  return {
    ready,
    get address() {
      return server?.address ?? '';
    },
    stop: () =>
      server
        ? server.stop()
        : ready.then(
            (s) => s.stop(),
            () => undefined,
          ),
  };
}
