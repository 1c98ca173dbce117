/**
 * The typed client a test uses to drive a running plugin: one method per Grafana call, plain
 * values in and out, protobuf never visible.
 */
import type * as grpc from '@grpc/grpc-js';
import { decodeFrames, type Frame } from './frames';
import { GrpcStatus, pb, serverStream, unary, type CallControl, type PluginClients } from './grpc';
import {
  DataService,
  DiagnosticsService,
  GRPCControllerService,
  ResourceService,
  StreamService,
} from './grpc';
import type { ExitInfo, LaunchedPlugin } from './launch';
import type { LogEntry, ProtocolViolation } from './log-parse';
import {
  buildDataQuery,
  buildPluginContext,
  mergeContext,
  optionalJsonBytes,
  parseJsonBytes,
  type ContextInit,
  type ContextOverrides,
  type QueryInit,
} from './request';

/** Options every call accepts: cancellation, deadline, metadata and context overrides. */
export interface CallOptions extends CallControl, ContextOverrides {
  /** Request headers (Grafana forwards them with an `http_` prefix, e.g. `http_Authorization`). */
  headers?: Record<string, string>;
}

/** One query's answer. */
export interface QueryResult {
  /** HTTP-like status the plugin set (0 when it set none; Grafana then reports 500). */
  status: number;
  error?: string;
  errorSource?: string;
  /** Arrow IPC files as received. */
  rawFrames: Uint8Array[];
  /** Frames decoded with `@dsforge/backend/data`'s `decodeFrame` (on first access). */
  readonly frames: Frame[];
}

/** CheckHealth's answer. */
export interface HealthResult {
  status: 'OK' | 'ERROR' | 'UNKNOWN';
  message: string;
  /** `jsonDetails` parsed (undefined when empty). */
  details?: unknown;
}

/** A CallResource request as Grafana builds it from `/api/datasources/uid/<uid>/resources/<path>`. */
export interface ResourceRequest {
  /** Default `GET`. */
  method?: string;
  /** Path after `resources/`, without a leading slash; may include `?query`. */
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string[]>;
}

/** CallResource's answer: status and headers from the first message, all bodies. */
export interface ResourceResult {
  status: number;
  headers: Record<string, string[]>;
  /** All chunks concatenated. */
  body: Buffer;
  /** Each message's body, in order. */
  chunks: Buffer[];
}

/** SubscribeStream / PublishStream answer. */
export interface StreamStatusResult {
  status: 'OK' | 'NOT_FOUND' | 'PERMISSION_DENIED' | 'UNKNOWN';
  data?: unknown;
}

/** What {@link PluginClient.shutdown} observed. */
export interface ShutdownResult extends ExitInfo {
  /** True when the plugin exited by itself within the grace period after GRPCController/Shutdown. */
  graceful: boolean;
}

const STREAM_STATUS = ['OK', 'NOT_FOUND', 'PERMISSION_DENIED'] as const;
const HEALTH_STATUS = ['UNKNOWN', 'OK', 'ERROR'] as const;

/** go-plugin waits 2 s after Shutdown before SIGKILL. */
export const SHUTDOWN_GRACE_MS = 2_000;

/** Drives one running plugin. Create it with `startPlugin`. */
export class PluginClient {
  /** Every stderr line parsed with go-plugin's rules; grows while the plugin runs. */
  readonly logs: LogEntry[];
  /** Lines that would crash or confuse Grafana's host (non-string @level, late listen, ...). */
  readonly protocolViolations: ProtocolViolation[];
  /** stdout lines after the handshake; a correct plugin writes none. */
  readonly stdoutAfterHandshake: string[];
  /** Resolves when the process exits. */
  readonly exited: Promise<ExitInfo>;

  /** @internal Use `startPlugin`. */
  constructor(
    private readonly proc: LaunchedPlugin,
    private readonly rpc: PluginClients,
    private readonly context: ContextInit,
    private readonly sideStreams: { cancel(): void }[],
  ) {
    this.logs = proc.logs;
    this.protocolViolations = proc.protocolViolations;
    this.stdoutAfterHandshake = proc.stdoutAfterHandshake;
    this.exited = proc.exited;
  }

  /** Process id of the plugin. */
  get pid(): number {
    return this.proc.child.pid ?? -1;
  }

  /** The address the plugin announced (`unix` socket path or `host:port`). */
  get address(): string {
    return this.proc.handshake.address;
  }

  private violation(line: string, reason: string): void {
    this.protocolViolations.push({ line, reason });
  }

  private pluginContext(opts: ContextOverrides): pb.PluginContext {
    return buildPluginContext(mergeContext(this.context, opts));
  }

  /** Data/QueryData. Resolves per refId; rejects with `PluginCallError` for whole-request errors. */
  async query(queries: QueryInit[], opts: CallOptions = {}): Promise<Record<string, QueryResult>> {
    const now = new Date();
    const res = await unary(
      this.rpc.data,
      DataService.queryData,
      {
        pluginContext: this.pluginContext(opts),
        headers: { ...opts.headers },
        queries: queries.map((q) => buildDataQuery(q, now)),
        format: pb.DataFrameFormat.ARROW,
      },
      opts,
    );
    const out: Record<string, QueryResult> = {};
    for (const [refId, r] of Object.entries(res.responses)) out[refId] = toQueryResult(r);
    return out;
  }

  /** Diagnostics/CheckHealth. */
  async health(opts: CallOptions = {}): Promise<HealthResult> {
    const res = await unary(
      this.rpc.diagnostics,
      DiagnosticsService.checkHealth,
      { pluginContext: this.pluginContext(opts), headers: { ...opts.headers } },
      opts,
    );
    const result: HealthResult = {
      status: HEALTH_STATUS[Number(res.status)] ?? 'UNKNOWN',
      message: res.message,
    };
    const details = parseJsonBytes(res.jsonDetails);
    if (details !== undefined) {
      result.details = details;
      if (typeof details !== 'object' || details === null || Array.isArray(details)) {
        this.violation(
          'CheckHealth',
          'jsonDetails is not a JSON object; Grafana answers the health check with 500',
        );
      }
    }
    return result;
  }

  /** Resource/CallResource; collects the whole response stream. */
  async resource(req: ResourceRequest, opts: CallOptions = {}): Promise<ResourceResult> {
    const [path = '', query] = req.path.replace(/^\//, '').split(/\?(.*)/s);
    const headers: Record<string, pb.StringList> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = { values: [...v] };
    const request: pb.CallResourceRequest = {
      pluginContext: this.pluginContext(opts),
      path,
      method: req.method ?? 'GET',
      url: query ? `${path}?${query}` : path,
      headers,
      body: typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : Buffer.from(req.body ?? []),
    };
    const result: ResourceResult = { status: 0, headers: {}, body: Buffer.alloc(0), chunks: [] };
    let first = true;
    for await (const msg of serverStream(this.rpc.resource, ResourceService.callResource, request, opts)) {
      if (first) {
        // Grafana writes the first message's code and headers; later headers are ignored.
        result.status = msg.code;
        if (msg.code < 100 || msg.code > 999) {
          this.violation(
            'CallResource',
            `first response has code ${msg.code}; Grafana's WriteHeader panics outside 100..999`,
          );
        }
        for (const [k, v] of Object.entries(msg.headers)) result.headers[k] = [...v.values];
        first = false;
      }
      result.chunks.push(Buffer.from(msg.body));
    }
    result.body = Buffer.concat(result.chunks);
    return result;
  }

  /** Stream/SubscribeStream. */
  async subscribe(path: string, data?: unknown, opts: CallOptions = {}): Promise<StreamStatusResult> {
    const res = await unary(
      this.rpc.stream,
      StreamService.subscribeStream,
      {
        pluginContext: this.pluginContext(opts),
        path,
        data: optionalJsonBytes(data),
        headers: { ...opts.headers },
      },
      opts,
    );
    return streamStatus(res.status, res.data);
  }

  /** Stream/PublishStream. */
  async publish(path: string, data?: unknown, opts: CallOptions = {}): Promise<StreamStatusResult> {
    const res = await unary(
      this.rpc.stream,
      StreamService.publishStream,
      {
        pluginContext: this.pluginContext(opts),
        path,
        data: optionalJsonBytes(data),
        headers: { ...opts.headers },
      },
      opts,
    );
    return streamStatus(res.status, res.data);
  }

  /**
   * Stream/RunStream: each packet's JSON, parsed. Ends when the plugin returns; breaking out of the
   * loop or aborting `opts.signal` cancels the stream (as Grafana does when the last subscriber leaves).
   */
  async *stream(
    path: string,
    data?: unknown,
    opts: CallOptions = {},
  ): AsyncGenerator<unknown, void, undefined> {
    const request: pb.RunStreamRequest = {
      pluginContext: this.pluginContext(opts),
      path,
      data: optionalJsonBytes(data),
      headers: { ...opts.headers },
    };
    for await (const packet of serverStream(this.rpc.stream, StreamService.runStream, request, opts)) {
      yield parseJsonBytes(packet.data);
    }
  }

  /** Diagnostics/CollectMetrics: the Prometheus text exposition. */
  async metrics(opts: CallOptions = {}): Promise<string> {
    const res = await unary(
      this.rpc.diagnostics,
      DiagnosticsService.collectMetrics,
      { pluginContext: this.pluginContext(opts) },
      opts,
    );
    return Buffer.from(res.metrics?.prometheus ?? []).toString('utf8');
  }

  /**
   * Resolves with the first log entry (already written or future) matching `predicate`; rejects
   * after `timeoutMs` naming the last lines seen.
   */
  waitForLog(predicate: (entry: LogEntry) => boolean, timeoutMs = 5_000): Promise<LogEntry> {
    const found = this.logs.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<LogEntry>((resolve, reject) => {
      const off = this.proc.onLog((entry) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        off();
        resolve(entry);
      });
      const timer = setTimeout(() => {
        off();
        const tail = this.logs.slice(-10).map((e) => `  ${e.raw}`);
        reject(
          new Error(
            `no matching plugin log line within ${timeoutMs} ms; last lines:\n${tail.join('\n') || '  (none)'}`,
          ),
        );
      }, timeoutMs);
    });
  }

  /**
   * Stops the plugin as Grafana does: GRPCController/Shutdown, then up to `graceMs` (2 s) for the
   * process to exit, else SIGKILL. `graceful` is false when it had to be killed or was already gone.
   */
  async shutdown(graceMs = SHUTDOWN_GRACE_MS): Promise<ShutdownResult> {
    const already = this.proc.exitInfo();
    if (already) {
      this.rpc.close();
      return { graceful: false, ...already };
    }
    for (const s of this.sideStreams) s.cancel();
    // go-plugin ignores the Shutdown call's result (the server may drop the connection mid-reply).
    await unary(this.rpc.controller, GRPCControllerService.shutdown, {}, { deadlineMs: graceMs }).catch(
      () => undefined,
    );
    this.rpc.close();
    const timedOut = Symbol('timeout');
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      this.exited,
      new Promise<typeof timedOut>((r) => (timer = setTimeout(() => r(timedOut), graceMs))),
    ]);
    clearTimeout(timer);
    if (first !== timedOut) return { graceful: true, ...first };
    this.kill('SIGKILL');
    return { graceful: false, ...(await this.exited) };
  }

  /** Sends a signal to the plugin process (default SIGKILL, as go-plugin's Kill). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.proc.exitInfo()) this.proc.child.kill(signal);
  }
}

function toQueryResult(r: pb.DataResponse): QueryResult {
  const rawFrames = r.frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  let decoded: Frame[] | undefined;
  const result = {
    status: r.status,
    rawFrames,
    get frames(): Frame[] {
      decoded ??= decodeFrames(rawFrames);
      return decoded;
    },
  } as QueryResult;
  if (r.error) result.error = r.error;
  if (r.errorSource) result.errorSource = r.errorSource;
  return result;
}

function streamStatus(status: number, data: Buffer): StreamStatusResult {
  const result: StreamStatusResult = { status: STREAM_STATUS[Number(status)] ?? 'UNKNOWN' };
  const parsed = parseJsonBytes(data);
  if (parsed !== undefined) result.data = parsed;
  return result;
}

/** Re-exported for tests that check call errors' codes without importing grpc-js. */
export const StatusCode: typeof grpc.status = GrpcStatus;
