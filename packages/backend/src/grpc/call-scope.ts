/**
 * Per-call plumbing shared by every endpoint: plugin context from the wire, cancellation and
 * deadline as an AbortSignal, a request logger with Grafana's contextual fields, the datasource
 * instance, and the "request finished" log line and metrics.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';

import { CancelledError, createRequestSignal } from '../deadline';
import type { RequestContext } from '../handler';
import { LOGGER_PARAMS_METADATA_KEY, loggerWithSecrets, parseLoggerParams, type Logger } from '../log';
import { observeRequest } from '../metrics';
import { pluginContextFromWire, type PluginContext, type PluginContextWire } from '../plugin-context';

/** Gives the instance for a request's datasource (or undefined when the plugin has none). */
export interface InstanceSource {
  get(plugin: PluginContext, logger: Logger): Promise<unknown>;
  disposeAll(): Promise<void>;
}

/** What every adapter needs from the server. */
export interface Runtime {
  logger: Logger;
  metrics: Registry;
  instances: InstanceSource;
  env: Record<string, string | undefined>;
  /** Aborted when the server shuts down: running streams and queries stop. */
  shutdown: AbortSignal;
}

/** The parts of a grpc-js server call the scope reads. */
export type AnyServerCall = Pick<
  grpc.ServerUnaryCall<unknown, unknown>,
  'metadata' | 'getDeadline' | 'cancelled' | 'on'
> &
  Partial<Pick<grpc.ServerUnaryCall<unknown, unknown>, 'off'>>;

/** Marker returned by {@link CallScope.unlessAborted} when the call ended first. */
export const ABORTED: unique symbol = Symbol('aborted');

/** An open request: its context plus `finish`, which must be called exactly once. */
export interface CallScope {
  ctx: RequestContext<unknown>;
  /**
   * Waits for `work` unless the call is cancelled or its deadline passes first; then resolves
   * {@link ABORTED} (and logs a warning) so a handler that never resolves cannot hold the request
   * open. The answer could not be delivered anyway; the handler still sees `ctx.signal` abort.
   */
  unlessAborted<T>(work: Promise<T>): Promise<T | typeof ABORTED>;
  /**
   * Logs "Plugin Request Completed" as the Go SDK does (info; error when the request failed) with
   * status, duration and statusSource, and records metrics.
   */
  finish(status: 'ok' | 'error' | 'cancelled', fields?: Record<string, unknown>): void;
}

function deadlineOf(call: AnyServerCall): Date | undefined {
  const d = call.getDeadline();
  if (d instanceof Date) return d;
  return typeof d === 'number' && Number.isFinite(d) ? new Date(d) : undefined;
}

function contextFields(
  plugin: PluginContext,
  call: AnyServerCall,
  endpoint: string,
): Record<string, unknown> {
  // Same keys and values as the Go SDK's contextual logger, so Grafana's log queries match both.
  const fields: Record<string, unknown> = {
    pluginId: plugin.pluginId,
    pluginVersion: plugin.pluginVersion,
    endpoint,
  };
  if (plugin.dataSource) {
    fields.dsName = plugin.dataSource.name;
    fields.dsUid = plugin.dataSource.uid;
    if (plugin.user) fields.uname = plugin.user.name;
  }
  const params = call.metadata
    .get(LOGGER_PARAMS_METADATA_KEY)
    .map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  return { ...fields, ...parseLoggerParams(params) };
}

/**
 * Opens a request scope. Throws `SettingsError` when Grafana's settings are unusable, before any
 * handler runs; the adapter turns that into the endpoint's error answer.
 */
export async function openScope(
  rt: Runtime,
  endpoint: string,
  call: AnyServerCall,
  wire: PluginContextWire | undefined,
  headers: Record<string, string>,
  extraFields: Record<string, unknown> = {},
): Promise<CallScope> {
  const started = process.hrtime.bigint();
  const deadline = deadlineOf(call);
  const request = createRequestSignal({ deadline });
  // Grafana's cancel (or shutdown) aborts the request signal directly, with the same reason a
  // parent AbortController would give (CancelledError caused by an AbortError). No controller per
  // call, and the listener is removed in `finish`: grpc-js emits 'cancelled' on every unary call
  // once its stream closes after the answer, and aborting then built a DOMException (a stack
  // capture, ~9 µs) per request for nobody (measured: ~3 % of the plugin's CPU at concurrency 1).
  const onCancel = (): void =>
    request.abort(
      new CancelledError(undefined, { cause: new DOMException('This operation was aborted', 'AbortError') }),
    );
  if (call.cancelled) onCancel();
  else call.on('cancelled', onCancel);
  rt.shutdown.addEventListener('abort', onCancel, { once: true });

  let logger = rt.logger.with({ endpoint });
  let finished = false;
  const finish: CallScope['finish'] = (status, fields = {}) => {
    if (finished) return;
    finished = true;
    request.cleanup();
    call.off?.('cancelled', onCancel);
    rt.shutdown.removeEventListener('abort', onCancel);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const log = status === 'error' ? logger.error : logger.info;
    log.call(logger, 'Plugin Request Completed', {
      status,
      duration: `${(seconds * 1000).toFixed(3)}ms`,
      statusSource: 'plugin',
      ...fields,
    });
    observeRequest(rt.metrics, endpoint, status, seconds);
  };

  try {
    const plugin = pluginContextFromWire(wire);
    logger = rt.logger.with({ ...contextFields(plugin, call, endpoint), ...extraFields });
    if (plugin.dataSource) logger = loggerWithSecrets(logger, plugin.dataSource.secretValues());
    const instance = await rt.instances.get(plugin, logger);
    const ctx: RequestContext<unknown> = {
      plugin,
      instance,
      signal: request.signal,
      remainingMs: request.remainingMs,
      logger,
      headers,
    };
    if (deadline) ctx.deadline = deadline;
    const unlessAborted = <T>(work: Promise<T>): Promise<T | typeof ABORTED> => {
      if (request.signal.aborted) return Promise.resolve(ABORTED);
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const why = (request.signal.reason as Error | undefined)?.message ?? 'cancelled';
          logger.warn('the handler had not answered when the call ended', { reason: why });
          resolve(ABORTED);
        };
        request.signal.addEventListener('abort', onAbort, { once: true });
        work.then(
          (v) => {
            request.signal.removeEventListener('abort', onAbort);
            resolve(v);
          },
          (e: unknown) => {
            request.signal.removeEventListener('abort', onAbort);
            reject(e);
          },
        );
      });
    };
    return { ctx, finish, unlessAborted };
  } catch (err) {
    logger.error('request rejected before the handler ran', {
      error: (err as Error)?.message ?? String(err),
    });
    finish('error');
    throw err;
  }
}
