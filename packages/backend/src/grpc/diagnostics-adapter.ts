/** pluginv2.Diagnostics: CheckHealth (handler) and CollectMetrics (Prometheus text). */
import type * as grpc from '@grpc/grpc-js';

import { finishHealthResult, type CheckHealthHandler } from '../check-health';
import { renderMetrics } from '../metrics';
import { InstanceCreateError } from '../instances';
import { SettingsError } from '../settings';
import { ABORTED, openScope, type Runtime } from './call-scope';
import type * as pb from './gen/pluginv2';
import { onceCallback, requestFailure, unimplemented } from './reply';
import { healthToWire } from './to-wire';

async function checkHealth(
  rt: Runtime,
  handler: CheckHealthHandler<unknown>,
  call: grpc.ServerUnaryCall<pb.CheckHealthRequest, pb.CheckHealthResponse>,
  reply: (err: Partial<grpc.StatusObject> | null, value?: pb.CheckHealthResponse) => void,
): Promise<void> {
  let scope;
  try {
    scope = await openScope(rt, 'checkHealth', call, call.request.pluginContext, { ...call.request.headers });
  } catch (err) {
    // Bad settings, or a datasource instance that cannot be set up from them (a missing secret,
    // an invalid certificate): "Save & test" is exactly where the user should read why, so this
    // is an ERROR result with the message, not a gRPC failure Grafana shows as "health check failed".
    if (err instanceof SettingsError || err instanceof InstanceCreateError)
      return reply(
        null,
        healthToWire({ status: 'error', message: err.message, jsonDetails: new Uint8Array() }),
      );
    return reply(requestFailure(err));
  }
  let result;
  try {
    const answer = await scope.unlessAborted(
      handler({ plugin: scope.ctx.plugin, headers: scope.ctx.headers }, scope.ctx),
    );
    if (answer === ABORTED) return scope.finish('cancelled');
    result = finishHealthResult(answer);
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    scope.ctx.logger.error('checkHealth failed', { error: message });
    result = finishHealthResult({ status: 'error', message });
  }
  if (call.cancelled) return scope.finish('cancelled');
  reply(null, healthToWire(result));
  scope.finish(result.status === 'ok' ? 'ok' : 'error', { health: result.status });
}

/** The grpc-js implementation of pluginv2.Diagnostics. */
export function diagnosticsService(
  rt: Runtime,
  handler: CheckHealthHandler<unknown> | undefined,
): grpc.UntypedServiceImplementation {
  return {
    checkHealth(
      call: grpc.ServerUnaryCall<pb.CheckHealthRequest, pb.CheckHealthResponse>,
      callback: grpc.sendUnaryData<pb.CheckHealthResponse>,
    ) {
      const reply = onceCallback(call, callback);
      if (!handler) return reply(unimplemented('CheckHealth', 'checkHealth'));
      checkHealth(rt, handler, call, reply).catch((err) => reply(requestFailure(err)));
    },
    collectMetrics(
      call: grpc.ServerUnaryCall<pb.CollectMetricsRequest, pb.CollectMetricsResponse>,
      callback: grpc.sendUnaryData<pb.CollectMetricsResponse>,
    ) {
      const reply = onceCallback(call, callback);
      renderMetrics(rt.metrics).then(
        (text) => reply(null, { metrics: { prometheus: Buffer.from(text, 'utf8') } }),
        (err) => {
          rt.logger.error('collecting metrics failed', { error: (err as Error)?.message });
          reply(requestFailure(err));
        },
      );
    },
  };
}
