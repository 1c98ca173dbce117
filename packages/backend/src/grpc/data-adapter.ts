/** pluginv2.Data: QueryData through the runtime's query pipeline; QueryChunkedData unimplemented. */
import type * as grpc from '@grpc/grpc-js';

import { toErrorResponse } from '../error-source';
import type { ServeOptions } from '../handler';
import { runQueryData, type EncodedDataResponse } from '../query-data';
import { resolveResponseLimit } from '../response-limit';
import { SettingsError } from '../settings';
import { ABORTED, openScope, type Runtime } from './call-scope';
import { queriesFromWire } from './from-wire';
import type * as pb from './gen/pluginv2';
import { endStreamWithError, onceCallback, requestFailure, unimplemented } from './reply';
import { queryDataResponseToWire } from './to-wire';

type Options = Pick<ServeOptions<unknown, unknown>, 'queryData' | 'parseQuery'>;

/**
 * Every query of the request answered with the same error: settings unusable (400) or the
 * datasource instance could not be created (that error's status and source).
 */
function allFailed(queries: readonly pb.DataQuery[], err: unknown): Record<string, EncodedDataResponse> {
  const e = toErrorResponse(err);
  const status = err instanceof SettingsError ? 400 : e.status;
  return Object.fromEntries(
    queries.map((q) => [q.refId, { frames: [], error: e.error, status, errorSource: e.errorSource }]),
  );
}

async function queryData(
  rt: Runtime,
  options: Options,
  call: grpc.ServerUnaryCall<pb.QueryDataRequest, pb.QueryDataResponse>,
  reply: (err: Partial<grpc.StatusObject> | null, value?: pb.QueryDataResponse) => void,
): Promise<void> {
  const req = call.request;
  const refIds = req.queries.map((q) => q.refId);
  let scope;
  try {
    scope = await openScope(rt, 'queryData', call, req.pluginContext, { ...req.headers }, { refIds });
  } catch (err) {
    return reply(null, queryDataResponseToWire(allFailed(req.queries, err)));
  }
  try {
    const answers = await scope.unlessAborted(
      runQueryData(options.queryData!, {
        queries: queriesFromWire(req.queries),
        headers: scope.ctx.headers,
        ctx: scope.ctx,
        parseQuery: options.parseQuery,
        responseLimit: resolveResponseLimit(scope.ctx.plugin.grafanaConfig, rt.env),
      }),
    );
    if (answers === ABORTED) return scope.finish('cancelled');
    const failures = Object.values(answers).filter((a) => a.error !== undefined);
    const failed = failures.length;
    // Like the Go SDK: a downstream failure marks the request downstream, else plugin.
    const statusSource = failures.some((a) => a.errorSource === 'downstream') ? 'downstream' : 'plugin';
    if (call.cancelled) {
      scope.finish('cancelled');
      return;
    }
    reply(null, queryDataResponseToWire(answers));
    scope.finish(failed > 0 ? 'error' : 'ok', failed > 0 ? { failedQueries: failed, statusSource } : {});
  } catch (err) {
    // runQueryData never throws by design; this guards encoding of the reply itself.
    scope.finish('error', { error: (err as Error)?.message });
    reply(requestFailure(err));
  }
}

/** The grpc-js implementation of pluginv2.Data. */
export function dataService(rt: Runtime, options: Options): grpc.UntypedServiceImplementation {
  return {
    queryData(
      call: grpc.ServerUnaryCall<pb.QueryDataRequest, pb.QueryDataResponse>,
      callback: grpc.sendUnaryData<pb.QueryDataResponse>,
    ) {
      const reply = onceCallback(call, callback);
      if (!options.queryData) return reply(unimplemented('QueryData', 'queryData'));
      queryData(rt, options, call, reply).catch((err) => reply(requestFailure(err)));
    },
    queryChunkedData(
      call: grpc.ServerWritableStream<pb.QueryChunkedDataRequest, pb.QueryChunkedDataResponse>,
    ) {
      endStreamWithError(call, unimplemented('QueryChunkedData', 'chunked query'));
    },
  };
}
