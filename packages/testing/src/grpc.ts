/**
 * The only module that touches grpc-js and the generated protobuf code: one channel to the plugin
 * (like go-plugin's single ClientConn) and typed unary / server-streaming call helpers.
 */
import * as grpc from '@grpc/grpc-js';
import { PluginCallError } from './errors';
import {
  DataService,
  DiagnosticsService,
  GRPCBrokerService,
  GRPCControllerService,
  GRPCStdioService,
  HealthService,
  ResourceService,
  StreamService,
  decodeErrorSource,
} from '@dsforge/backend/internal/grpc';

export { pluginv2 as pb } from '@dsforge/backend/internal/grpc';
export { DataService, DiagnosticsService, ResourceService, StreamService };
export { GRPCBrokerService, GRPCControllerService, GRPCStdioService, HealthService };

/** What a call needs from a method definition. */
export interface MethodDef<Req, Res> {
  path: string;
  requestSerialize(value: Req): Buffer;
  responseDeserialize(value: Buffer): Res;
}

/** Per-call options every client method accepts. */
export interface CallControl {
  /** Aborting cancels the gRPC call (`call.cancel()`), as Grafana does when a request is dropped. */
  signal?: AbortSignal;
  /** Deadline in ms from now, sent as `grpc-timeout`. */
  deadlineMs?: number;
  /** Extra gRPC metadata (e.g. `loggerparamsctxmetadata`). */
  metadata?: Record<string, string>;
}

/** go-plugin dials with unlimited (MaxInt32) message sizes both ways. */
const MAX_MESSAGE = 2 ** 31 - 1;

type ServiceName =
  'data' | 'diagnostics' | 'resource' | 'stream' | 'controller' | 'stdio' | 'broker' | 'health';

const SERVICES: Record<ServiceName, [grpc.ServiceDefinition, string]> = {
  data: [DataService, 'pluginv2.Data'],
  diagnostics: [DiagnosticsService, 'pluginv2.Diagnostics'],
  resource: [ResourceService, 'pluginv2.Resource'],
  stream: [StreamService, 'pluginv2.Stream'],
  controller: [GRPCControllerService, 'plugin.GRPCController'],
  stdio: [GRPCStdioService, 'plugin.GRPCStdio'],
  broker: [GRPCBrokerService, 'plugin.GRPCBroker'],
  health: [HealthService, 'grpc.health.v1.Health'],
};

/** grpc-js clients for every service the host talks to, sharing one channel. */
export type PluginClients = Record<ServiceName, grpc.Client> & { close(): void };

/** Connects (lazily, like go-plugin's non-blocking Dial) to `target` without TLS. */
export function connect(target: string): PluginClients {
  const options: grpc.ClientOptions = {
    'grpc.max_receive_message_length': MAX_MESSAGE,
    'grpc.max_send_message_length': MAX_MESSAGE,
  };
  let channel: ReturnType<grpc.Client['getChannel']> | undefined;
  const clients = {} as Record<ServiceName, grpc.Client>;
  for (const name of Object.keys(SERVICES) as ServiceName[]) {
    const [definition, serviceName] = SERVICES[name];
    const Ctor = grpc.makeGenericClientConstructor(definition, serviceName);
    const client = new Ctor(
      target,
      grpc.credentials.createInsecure(),
      channel ? { ...options, channelOverride: channel } : options,
    );
    channel ??= client.getChannel();
    clients[name] = client;
  }
  return { ...clients, close: () => channel?.close() };
}

function callOptions(ctl: CallControl): { metadata: grpc.Metadata; options: grpc.CallOptions } {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(ctl.metadata ?? {})) metadata.set(k, v);
  const options: grpc.CallOptions = {};
  if (ctl.deadlineMs !== undefined) options.deadline = Date.now() + ctl.deadlineMs;
  return { metadata, options };
}

function toCallError(path: string, err: grpc.ServiceError): PluginCallError {
  const codeName = grpc.status[err.code] ?? String(err.code);
  const bin = err.metadata?.get('grpc-status-details-bin')[0];
  const details = Buffer.isBuffer(bin) ? bin : undefined;
  let errorSource: string | undefined;
  try {
    errorSource = details ? decodeErrorSource(details) : undefined;
  } catch {
    errorSource = undefined; // malformed details: the code and message still tell the story
  }
  return new PluginCallError(path, err.code, codeName, err.details ?? err.message, details, errorSource);
}

/** Wires an AbortSignal to `cancel()`; returns the unsubscribe function. */
function onAbort(signal: AbortSignal | undefined, cancel: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    // Cancel after the call has started so the plugin may still see it arrive, as with Grafana.
    setImmediate(cancel);
    return () => {};
  }
  signal.addEventListener('abort', cancel, { once: true });
  return () => signal.removeEventListener('abort', cancel);
}

/** A unary call; rejects with {@link PluginCallError} on a non-OK status. */
export function unary<Req, Res>(
  client: grpc.Client,
  def: MethodDef<Req, Res>,
  req: Req,
  ctl: CallControl = {},
): Promise<Res> {
  const { metadata, options } = callOptions(ctl);
  return new Promise<Res>((resolve, reject) => {
    const call = client.makeUnaryRequest(
      def.path,
      def.requestSerialize,
      def.responseDeserialize,
      req,
      metadata,
      options,
      (err, res) => {
        off();
        if (err) reject(toCallError(def.path, err));
        else resolve(res as Res);
      },
    );
    const off = onAbort(ctl.signal, () => call.cancel());
  });
}

/**
 * A server-streaming call as an async iterable of messages. Breaking out of the loop or aborting
 * the signal cancels the call; a caller-initiated cancel ends the iteration quietly.
 */
export async function* serverStream<Req, Res>(
  client: grpc.Client,
  def: MethodDef<Req, Res>,
  req: Req,
  ctl: CallControl = {},
): AsyncGenerator<Res, void, undefined> {
  const { metadata, options } = callOptions(ctl);
  const call = client.makeServerStreamRequest(
    def.path,
    def.requestSerialize,
    def.responseDeserialize,
    req,
    metadata,
    options,
  );
  let cancelledByUs = false;
  const off = onAbort(ctl.signal, () => {
    cancelledByUs = true;
    call.cancel();
  });
  try {
    for await (const message of call) yield message as Res;
  } catch (err) {
    const e = err as grpc.ServiceError;
    if (cancelledByUs && e.code === grpc.status.CANCELLED) return;
    throw typeof e.code === 'number' ? toCallError(def.path, e) : err;
  } finally {
    off();
    // Consumer stopped early (break/return): tell the plugin, as Grafana does on unsubscribe.
    // A no-op when the call already ended.
    call.cancel();
  }
}

/** Status code constants, re-exported so callers need not import grpc-js. */
export const GrpcStatus = grpc.status;
