/**
 * pluginv2.Data/QueryChunkedData served from the plugin's `queryData` handler, the way
 * grafana-plugin-sdk-go v0.298.0 serves a QueryData handler through `datasource.QueryTypeMux`:
 * each query runs on its own through the query pipeline, and as soon as it is answered its frames
 * go out one chunk per frame (frameId `f0`, `f1`, … in the answer's order, refId set, status 200),
 * followed by one chunk with the error (or non-200 status) when the query failed.
 *
 * Two deliberate differences from the SDK's chunk writer, both fields Grafana reads: error chunks
 * carry `errorSource` and the requested `format` (the SDK leaves them empty and ARROW, which makes
 * a JSON reader reject the chunk).
 */
import * as grpc from '@grpc/grpc-js';

import {
  runQueryData,
  type EncodedDataResponse,
  type FrameEncoder,
  type QueryDataHandler,
  type RawDataQuery,
  type RawQueryInfo,
} from '../query-data';
import { eachConcurrently } from '../each-concurrently';
import { resolveResponseLimit } from '../response-limit';
import { ABORTED, openScope, type CallScope, type Runtime } from './call-scope';
import { frameFormat, unsupportedFormat, type FrameFormat } from './frame-format';
import { queriesFromWire } from './from-wire';
import type * as pb from './gen/pluginv2';
import { allFailed, requestOutcome } from './query-outcome';
import { endStreamWithError, writeMessage } from './reply';
import { grpcStatus } from './status-details';
import { toBuffer } from './to-wire';

/** What the chunked endpoint needs from the plugin's options. */
export interface ChunkedOptions {
  queryData: QueryDataHandler<unknown, unknown>;
  parseQuery?: (json: unknown, query: RawQueryInfo) => unknown;
}

type ChunkedCall = grpc.ServerWritableStream<pb.QueryChunkedDataRequest, pb.QueryChunkedDataResponse>;

const DEFAULT_CONCURRENCY = 10;

/**
 * The chunks for one query's answer: one per frame, then one for the error or a non-200 status.
 * A successful answer without frames sends nothing, as in the SDK.
 */
export function answerChunks(
  refId: string,
  answer: EncodedDataResponse,
  format: pb.DataFrameFormat,
): pb.QueryChunkedDataResponse[] {
  const chunks: pb.QueryChunkedDataResponse[] = answer.frames.map((frame, i) => ({
    refId,
    frameId: `f${i}`,
    frame: toBuffer(frame),
    error: '',
    status: 200,
    errorSource: '',
    format,
  }));
  if (answer.error !== undefined || answer.status !== 200) {
    chunks.push({
      refId,
      frameId: '',
      frame: Buffer.alloc(0),
      error: answer.error ?? '',
      status: answer.status,
      errorSource: answer.error !== undefined ? (answer.errorSource ?? 'plugin') : '',
      format,
    });
  }
  return chunks;
}

/** Frames of a chunk always carry the chunk's refId (the SDK's writer sets it unconditionally). */
function chunkEncoder(format: FrameFormat): FrameEncoder {
  return (frame, refId) => {
    frame.refId = refId;
    return format.encode(frame, refId);
  };
}

/**
 * Writes whole answers one after another, so one query's chunks are never interleaved with
 * another's, and waits for the transport when it buffers.
 */
function answerWriter(call: ChunkedCall, format: pb.DataFrameFormat) {
  let queue: Promise<void> = Promise.resolve();
  return (answers: Record<string, EncodedDataResponse>): Promise<void> => {
    queue = queue.then(async () => {
      for (const [refId, answer] of Object.entries(answers)) {
        for (const chunk of answerChunks(refId, answer, format)) await writeMessage(call, chunk);
      }
    });
    return queue;
  };
}

async function answerQueries(
  rt: Runtime,
  options: ChunkedOptions,
  scope: CallScope,
  queries: RawDataQuery[],
  format: FrameFormat,
  write: (answers: Record<string, EncodedDataResponse>) => Promise<void>,
): Promise<Record<string, EncodedDataResponse>> {
  const { ctx } = scope;
  const all: Record<string, EncodedDataResponse> = {};
  const responseLimit = resolveResponseLimit(ctx.plugin.grafanaConfig, rt.env);
  const encodeFrame = chunkEncoder(format);
  const concurrency = ctx.plugin.grafanaConfig.concurrentQueryCount() ?? DEFAULT_CONCURRENCY;
  await eachConcurrently(queries, concurrency, async (query) => {
    const answers = await runQueryData(options.queryData, {
      queries: [query],
      headers: ctx.headers,
      ctx,
      parseQuery: options.parseQuery,
      responseLimit,
      encodeFrame,
    });
    Object.assign(all, answers);
    if (!ctx.signal.aborted) await write(answers);
  });
  return all;
}

/** Serves one QueryChunkedData call; never throws for a handler's failure (those are error chunks). */
export async function queryChunkedData(
  rt: Runtime,
  options: ChunkedOptions,
  call: ChunkedCall,
): Promise<void> {
  const req = call.request;
  const format = frameFormat(req.format);
  if (!format) return endStreamWithError(call, unsupportedFormat(req.format));
  const write = answerWriter(call, format.wire);
  const refIds = req.queries.map((q) => q.refId);
  let scope: CallScope;
  try {
    scope = await openScope(rt, 'queryChunkedData', call, req.pluginContext, { ...req.headers }, { refIds });
  } catch (err) {
    await write(allFailed(refIds, err));
    if (!call.cancelled && !call.writableEnded) call.end();
    return;
  }
  const answers = await scope.unlessAborted(
    answerQueries(rt, options, scope, queriesFromWire(req.queries), format, write),
  );
  if (answers === ABORTED || call.cancelled) {
    scope.finish('cancelled');
    // Grafana's cancel or the deadline already closed the call; a server shutdown did not.
    return endStreamWithError(call, grpcStatus(grpc.status.CANCELLED, 'the plugin is shutting down'));
  }
  if (!call.writableEnded) call.end();
  scope.finish(...requestOutcome(answers));
}
