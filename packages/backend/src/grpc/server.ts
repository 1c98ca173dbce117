/**
 * `createPluginServer`: the gRPC server with go-plugin's services and pluginv2, bound and
 * listening before the handshake line is written. Process concerns (cookie, signals, parent
 * watch, exit) live in `serve`; this part is what in-process tests start.
 */
import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';

import type { ServeOptions } from '../handler';
import { createLogger, type Logger } from '../log';
import { createMetricsRegistry } from '../metrics';
import type { Runtime } from './call-scope';
import { dataService } from './data-adapter';
import { diagnosticsService } from './diagnostics-adapter';
import * as goplugin from './gen/goplugin';
import * as health from './gen/health';
import * as pb from './gen/pluginv2';
import { brokerService, controllerService, healthService, stdioService } from './goplugin-services';
import { formatHandshakeLine, negotiateProtocolVersion } from './handshake';
import { instanceSource } from './instance-source';
import { bindServer, listenOptionsFromEnv, type ListenOptions } from './listen';
import { resourceService } from './resource-adapter';
import { streamService } from './stream-adapter';

/** Receive limit like the Go SDK's server (16 MiB); Grafana's client sends up to MaxInt32. */
export const MAX_RECEIVE_MESSAGE_BYTES = 16 * 1024 * 1024;

/** How the server is started; everything defaults to what a plugin launched by Grafana uses. */
export interface PluginServerHooks {
  /** Where to listen (default: from the go-plugin env vars for this platform). */
  listen?: ListenOptions;
  /** Environment for protocol negotiation, ports and GF_RESPONSE_LIMIT (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Receives the handshake line once the server listens (default: nothing is written). */
  stdout?: (line: string) => void;
  /** Called with 0 after the server stopped because the host asked (GRPCController/Shutdown). */
  exit?: (code: number) => void;
  logger?: Logger;
  /** How long `stop` lets running calls finish before closing connections. Default 500 ms. */
  stopGraceMs?: number;
}

/** A running plugin server. */
export interface PluginServer {
  /** `unix` or `tcp`. */
  readonly network: 'unix' | 'tcp';
  /** Socket path or `127.0.0.1:<port>`. */
  readonly address: string;
  /** grpc-js target for clients: `unix:<path>` or `127.0.0.1:<port>`. */
  readonly target: string;
  readonly protocolVersion: number;
  /** The line written to stdout, newline included. */
  readonly handshake: string;
  readonly metrics: Registry;
  /** Stops serving: cancels running requests, closes connections, disposes instances, removes the socket. */
  stop(): Promise<void>;
  /** Resolves once stopped. */
  readonly closed: Promise<void>;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Starts the gRPC server and writes the handshake line when it listens. */
export async function createPluginServer<I, Q>(
  options: ServeOptions<I, Q>,
  hooks: PluginServerHooks = {},
): Promise<PluginServer> {
  const env = hooks.env ?? process.env;
  const logger = hooks.logger ?? options.logger ?? createLogger({ env });
  const shutdown = new AbortController();
  const opts = options as ServeOptions<unknown, unknown>;
  const rt: Runtime = {
    logger,
    metrics: options.metrics ?? createMetricsRegistry(),
    instances: instanceSource(opts, logger),
    env,
    shutdown: shutdown.signal,
  };

  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
    'grpc.max_send_message_length': -1,
  });
  server.addService(health.HealthService, healthService(shutdown.signal));
  server.addService(goplugin.GRPCStdioService, stdioService(shutdown.signal));
  server.addService(goplugin.GRPCBrokerService, brokerService(shutdown.signal));
  server.addService(pb.DataService, dataService(rt, opts));
  server.addService(pb.DiagnosticsService, diagnosticsService(rt, opts.checkHealth));
  server.addService(pb.ResourceService, resourceService(rt, opts.callResource));
  server.addService(pb.StreamService, streamService(rt, opts));

  let stopping: Promise<void> | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      shutdown.abort();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, hooks.stopGraceMs ?? 500);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      // Instances get a bounded time to close: the host kills us 2 s after Shutdown anyway.
      await Promise.race([rt.instances.disposeAll().catch(() => {}), delay(1000)]);
      bound.cleanup();
      logger.debug('plugin server stopped');
      markClosed();
    })();
    return stopping;
  };

  server.addService(
    goplugin.GRPCControllerService,
    controllerService(() => {
      logger.debug('shutdown requested by the host');
      void stop().then(() => hooks.exit?.(0));
    }),
  );

  const protocolVersion = negotiateProtocolVersion(env);
  const bound = await bindServer(server, hooks.listen ?? listenOptionsFromEnv(env));
  const handshake = formatHandshakeLine(protocolVersion, bound);
  hooks.stdout?.(handshake);
  logger.debug('plugin server listening', {
    network: bound.network,
    address: bound.address,
    protocolVersion,
  });

  return {
    network: bound.network,
    address: bound.address,
    target: bound.network === 'unix' ? `unix:${bound.address}` : bound.address,
    protocolVersion,
    handshake,
    metrics: rt.metrics,
    stop,
    closed,
  };
}
