/**
 * pluginv2.Data: QueryData through the runtime's query pipeline, QueryChunkedData served from the
 * same `queryData` handler (see chunked-data.ts). Frames are Arrow unless the request asks for JSON.
 */
import type * as grpc from '@grpc/grpc-js';

import type { ServeOptions } from '../handler';
import { runQueryData } from '../query-data';
import { resolveResponseLimit } from '../response-limit';
import { ABORTED, openScope, type Runtime } from './call-scope';
import { queryChunkedData } from './chunked-data';
import { frameFormat, unsupportedFormat } from './frame-format';
import { queriesFromWire } from './from-wire';
import type * as pb from './gen/pluginv2';
import { allFailed, requestOutcome } from './query-outcome';
import { endStreamWithError, onceCallback, requestFailure, unimplemented } from './reply';
import { queryDataResponseToWire } from './to-wire';

type Options = Pick<ServeOptions<unknown, unknown>, 'queryData' | 'parseQuery'>;

async function queryData(
  rt: Runtime,
  options: Options,
  call: grpc.ServerUnaryCall<pb.QueryDataRequest, pb.QueryDataResponse>,
  reply: (err: Partial<grpc.StatusObject> | null, value?: pb.QueryDataResponse) => void,
): Promise<void> {
  const req = call.request;
  const format = frameFormat(req.format);
  if (!format) return reply(unsupportedFormat(req.format));
  const refIds = req.queries.map((q) => q.refId);
  let scope;
  try {
    scope = await openScope(rt, 'queryData', call, req.pluginContext, { ...req.headers }, { refIds });
  } catch (err) {
    return reply(null, queryDataResponseToWire(allFailed(refIds, err), format.wire));
  }
  try {
    const answers = await scope.unlessAborted(
      runQueryData(options.queryData!, {
        queries: queriesFromWire(req.queries),
        headers: scope.ctx.headers,
        ctx: scope.ctx,
        parseQuery: options.parseQuery,
        responseLimit: resolveResponseLimit(scope.ctx.plugin.grafanaConfig, rt.env),
        encodeFrame: format.encode,
      }),
    );
    if (answers === ABORTED || call.cancelled) return scope.finish('cancelled');
    reply(null, queryDataResponseToWire(answers, format.wire));
    scope.finish(...requestOutcome(answers));
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
      const handler = options.queryData;
      if (!handler) return endStreamWithError(call, unimplemented('QueryChunkedData', 'queryData'));
      queryChunkedData(rt, { queryData: handler, parseQuery: options.parseQuery }, call).catch((err) =>
        endStreamWithError(call, requestFailure(err)),
      );
    },
  };
}
