/**
 * Per-datasource instances: the plugin's long-lived state (HTTP clients, connection pools) for
 * one datasource configuration, created lazily and replaced when its settings are saved.
 */
import { createLogger, type Logger } from '../log';
import { SettingsError, type DataSourceSettings } from '../settings';

/** What `create` receives besides the settings. */
export interface InstanceContext {
  /** Logger with the datasource's uid and name as fields. */
  logger: Logger;
}

/** Options for {@link InstanceManager}. */
export interface InstanceManagerOptions<I> {
  /** Builds the instance for one datasource configuration. May be async; a throw is not cached. */
  create(settings: DataSourceSettings, ctx: InstanceContext): I | Promise<I>;
  /** Releases an instance. Default: call `instance.dispose()` when it has one. */
  dispose?(instance: I): void | Promise<void>;
  /**
   * How long a replaced instance lives on before disposal, so queries that already hold it may
   * finish (the Go SDK waits too). Default 5000 ms.
   */
  disposeDelayMs?: number;
  logger?: Logger;
  /** Timer functions (default the global ones); injectable for tests. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/** Creating an instance failed; `cause` is what `create` threw. Keeps its status/source. */
export class InstanceCreateError extends Error {
  readonly code = 'instance_create_failed';
  readonly status?: number;
  readonly source?: string;

  constructor(settings: DataSourceSettings, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `could not set up datasource "${settings.name}" (uid ${settings.uid || settings.id}): ${why}; ` +
        'check the datasource settings in Grafana',
      { cause },
    );
    this.name = 'InstanceCreateError';
    const c = (cause ?? {}) as { status?: unknown; source?: unknown; errorSource?: unknown };
    if (typeof c.status === 'number') this.status = c.status;
    // Unusable settings are the user's to fix (400), not a plugin failure (500).
    else if (cause instanceof SettingsError) this.status = 400;
    const source = c.source ?? c.errorSource;
    if (source === 'plugin' || source === 'downstream') this.source = source;
  }
}

interface Entry<I> {
  updated: number;
  promise: Promise<I>;
  /** Set once created, so disposal never awaits a pending create twice. */
  instance?: { value: I };
}

/**
 * One instance per datasource uid, recreated when `settings.updated` changes.
 * Concurrent `get`s for the same configuration share one `create` call.
 */
export class InstanceManager<I> {
  readonly #opts: InstanceManagerOptions<I>;
  readonly #logger: Logger;
  readonly #delay: number;
  readonly #entries = new Map<string, Entry<I>>();
  /** Replaced entries waiting for their delayed disposal, with the timer handle. */
  readonly #retiring = new Map<Entry<I>, unknown>();
  #created = 0;

  constructor(opts: InstanceManagerOptions<I>) {
    this.#opts = opts;
    this.#logger = opts.logger ?? createLogger();
    this.#delay = Math.max(0, opts.disposeDelayMs ?? 5000);
  }

  /** Number of current instances (including ones being created). */
  get size(): number {
    return this.#entries.size;
  }

  /** Number of instances successfully created since start. */
  get createdCount(): number {
    return this.#created;
  }

  /** The instance for these settings, creating it (once) when missing or outdated. */
  get(settings: DataSourceSettings): Promise<I> {
    const key = settings.uid || `id:${settings.id}`;
    const updated = settings.updated.getTime();
    const current = this.#entries.get(key);
    if (current && current.updated === updated) return current.promise;

    const logger = this.#logger.with({ dsUid: settings.uid, dsName: settings.name });
    const entry: Entry<I> = { updated, promise: undefined as unknown as Promise<I> };
    // Registered before create runs: a create that throws synchronously must find its own entry
    // to remove, and concurrent gets must find the pending one.
    this.#entries.set(key, entry);
    if (current) this.#retire(current);
    entry.promise = (async () => {
      try {
        const value = await this.#opts.create(settings, { logger });
        entry.instance = { value };
        this.#created++;
        logger.debug('datasource instance created', { updated: settings.updated });
        return value;
      } catch (err) {
        // Not cached: the next get retries.
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
        logger.error('datasource instance could not be created', { error: err });
        throw new InstanceCreateError(settings, err);
      }
    })();
    // Callers that never await (a replaced, failed entry) must not cause an unhandled rejection.
    entry.promise.catch(() => {});
    return entry.promise;
  }

  /** Disposes every instance now (shutdown). Errors are logged, never thrown. */
  async disposeAll(): Promise<void> {
    const all = [...this.#entries.values(), ...this.#retiring.keys()];
    for (const handle of this.#retiring.values()) this.#clearTimer(handle);
    this.#retiring.clear();
    this.#entries.clear();
    await Promise.all(all.map((e) => this.#dispose(e)));
  }

  #retire(entry: Entry<I>): void {
    const handle = (this.#opts.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)))(() => {
      this.#retiring.delete(entry);
      void this.#dispose(entry);
    }, this.#delay);
    (handle as { unref?: () => void } | undefined)?.unref?.(); // never keeps the process alive
    this.#retiring.set(entry, handle);
  }

  #clearTimer(handle: unknown): void {
    (this.#opts.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(handle);
  }

  async #dispose(entry: Entry<I>): Promise<void> {
    try {
      const instance = entry.instance ? entry.instance.value : await entry.promise.catch(() => undefined);
      if (instance === undefined && !entry.instance) return; // creation failed: nothing to release
      if (this.#opts.dispose) {
        await this.#opts.dispose(instance as I);
      } else {
        const d = (instance as { dispose?: unknown } | null)?.dispose;
        if (typeof d === 'function') await d.call(instance);
      }
      this.#logger.debug('datasource instance disposed');
    } catch (err) {
      this.#logger.error('disposing a datasource instance failed', { error: err });
    }
  }
}
