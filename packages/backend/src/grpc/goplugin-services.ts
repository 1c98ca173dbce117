/**
 * The services go-plugin's own server registers beside the application's: grpc.health.v1
 * (service "plugin" SERVING), GRPCController (Shutdown), GRPCStdio and GRPCBroker. Grafana opens
 * the stdio and broker streams on connect and tolerates them idling.
 */
import * as grpc from '@grpc/grpc-js';

import * as goplugin from './gen/goplugin';
import * as health from './gen/health';
import { grpcStatus } from './status-details';

const SERVING_NAMES = new Set(['', 'plugin']);

/** Keeps a stream open until the client ends it or the server shuts down. */
function idleUntilClosed(
  call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>,
  shutdown: AbortSignal,
): void {
  const end = (): void => {
    shutdown.removeEventListener('abort', end);
    if (!call.cancelled && !call.writableEnded) call.end();
  };
  if (shutdown.aborted) return end();
  shutdown.addEventListener('abort', end, { once: true });
  call.on('cancelled', () => shutdown.removeEventListener('abort', end));
}

/** grpc.health.v1.Health. */
export function healthService(shutdown: AbortSignal): grpc.UntypedServiceImplementation {
  return {
    check(
      call: grpc.ServerUnaryCall<health.HealthCheckRequest, health.HealthCheckResponse>,
      cb: grpc.sendUnaryData<health.HealthCheckResponse>,
    ) {
      if (!SERVING_NAMES.has(call.request.service)) {
        return cb(
          grpcStatus(
            grpc.status.NOT_FOUND,
            `unknown service ${call.request.service}`,
          ) as grpc.ServerErrorResponse,
        );
      }
      cb(null, { status: health.HealthCheckResponse_ServingStatus.SERVING });
    },
    watch(call: grpc.ServerWritableStream<health.HealthCheckRequest, health.HealthCheckResponse>) {
      const status = SERVING_NAMES.has(call.request.service)
        ? health.HealthCheckResponse_ServingStatus.SERVING
        : health.HealthCheckResponse_ServingStatus.SERVICE_UNKNOWN;
      call.write({ status });
      idleUntilClosed(call, shutdown);
    },
  };
}

/** plugin.GRPCController: Shutdown answers first, then stops the server (like go-plugin). */
export function controllerService(onShutdown: () => void): grpc.UntypedServiceImplementation {
  return {
    shutdown(
      _call: grpc.ServerUnaryCall<goplugin.Empty, goplugin.Empty>,
      cb: grpc.sendUnaryData<goplugin.Empty>,
    ) {
      cb(null, {});
      setImmediate(onShutdown);
    },
  };
}

/**
 * plugin.GRPCStdio: go-plugin forwards the plugin's stdout/stderr here; Grafana discards the
 * data, and our stdout carries nothing but the handshake, so the stream just stays open.
 */
export function stdioService(shutdown: AbortSignal): grpc.UntypedServiceImplementation {
  return {
    streamStdio(call: grpc.ServerWritableStream<unknown, goplugin.StdioData>) {
      idleUntilClosed(call, shutdown);
    },
  };
}

/** plugin.GRPCBroker: accepted and idle; Grafana never brokers extra connections. */
export function brokerService(shutdown: AbortSignal): grpc.UntypedServiceImplementation {
  return {
    startStream(call: grpc.ServerDuplexStream<goplugin.ConnInfo, goplugin.ConnInfo>) {
      call.on('data', () => {});
      call.on('end', () => {
        if (!call.writableEnded) call.end();
      });
      idleUntilClosed(call, shutdown);
    },
  };
}
