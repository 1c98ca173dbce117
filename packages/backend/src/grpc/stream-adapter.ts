/**
 * pluginv2.Stream: SubscribeStream, RunStream (server stream of frame-JSON packets until the
 * handler returns or Grafana cancels) and PublishStream.
 *
 * Defaults when a plugin implements only `runStream`: subscribing is allowed and publishing is
 * denied, so a read-only stream needs one handler (the Go SDK requires all three).
 */
import type * as grpc from '@grpc/grpc-js';

import { stringifyFrameJSON, toFrameJSON, type Frame } from '../data';
import type { ServeOptions } from '../handler';
import type {
  FrameInclude,
  PublishStreamResult,
  StreamRequest,
  StreamSender,
  SubscribeStreamResult,
} from '../stream';
import { openScope, type CallScope, type Runtime } from './call-scope';
import { streamRequestFromWire } from './from-wire';
import type * as pb from './gen/pluginv2';
import { endStreamWithError, onceCallback, requestFailure, unimplemented, writeMessage } from './reply';
import { streamStatusToWire } from './to-wire';

type Options = Pick<ServeOptions<unknown, unknown>, 'subscribeStream' | 'runStream' | 'publishStream'>;
type Result = SubscribeStreamResult | PublishStreamResult;

function frameJSON(frame: Frame, include: FrameInclude): Buffer {
  const json = toFrameJSON(frame, { schema: include !== 'data', data: include !== 'schema' });
  return Buffer.from(stringifyFrameJSON(json), 'utf8');
}

function resultToWire(res: Result): pb.SubscribeStreamResponse {
  let data: Buffer = Buffer.alloc(0);
  if ('initialFrame' in res && res.initialFrame) data = frameJSON(res.initialFrame, 'all');
  else if (res.data !== undefined) data = Buffer.from(JSON.stringify(res.data), 'utf8');
  return { status: streamStatusToWire(res.status), data };
}

async function unary(
  rt: Runtime,
  endpoint: string,
  call: grpc.ServerUnaryCall<pb.SubscribeStreamRequest, pb.SubscribeStreamResponse>,
  reply: (err: Partial<grpc.StatusObject> | null, v?: pb.SubscribeStreamResponse) => void,
  run: (req: StreamRequest, scope: CallScope) => Promise<Result>,
): Promise<void> {
  const req = call.request;
  let scope: CallScope;
  try {
    scope = await openScope(rt, endpoint, call, req.pluginContext, { ...req.headers }, { path: req.path });
  } catch (err) {
    return reply(requestFailure(err));
  }
  try {
    const res = await run(streamRequestFromWire(req, scope.ctx.plugin), scope);
    reply(null, resultToWire(res));
    scope.finish('ok', { streamStatus: res.status });
  } catch (err) {
    scope.ctx.logger.error(`${endpoint} failed`, { error: (err as Error)?.message });
    scope.finish('error');
    reply(requestFailure(err));
  }
}

function createSender(call: grpc.ServerWritableStream<pb.RunStreamRequest, pb.StreamPacket>): StreamSender {
  let schemaSent = false;
  return {
    sendFrame(frame, include) {
      const what = include ?? (schemaSent ? 'data' : 'all');
      if (what !== 'data') schemaSent = true;
      return writeMessage(call, { data: frameJSON(frame, what) });
    },
    sendJSON(value) {
      return writeMessage(call, { data: Buffer.from(JSON.stringify(value), 'utf8') });
    },
  };
}

async function runStream(
  rt: Runtime,
  options: Options,
  call: grpc.ServerWritableStream<pb.RunStreamRequest, pb.StreamPacket>,
): Promise<void> {
  const req = call.request;
  let scope: CallScope;
  try {
    scope = await openScope(rt, 'runStream', call, req.pluginContext, { ...req.headers }, { path: req.path });
  } catch (err) {
    return endStreamWithError(call, requestFailure(err));
  }
  try {
    await options.runStream!(streamRequestFromWire(req, scope.ctx.plugin), scope.ctx, createSender(call));
  } catch (err) {
    if (call.cancelled || scope.ctx.signal.aborted) return scope.finish('cancelled');
    scope.ctx.logger.error('runStream failed', { error: (err as Error)?.message });
    scope.finish('error');
    return endStreamWithError(call, requestFailure(err));
  }
  if (call.cancelled) return scope.finish('cancelled');
  if (!call.writableEnded) call.end();
  scope.finish('ok');
}

/** The grpc-js implementation of pluginv2.Stream. */
export function streamService(rt: Runtime, options: Options): grpc.UntypedServiceImplementation {
  return {
    subscribeStream(
      call: grpc.ServerUnaryCall<pb.SubscribeStreamRequest, pb.SubscribeStreamResponse>,
      cb: grpc.sendUnaryData<pb.SubscribeStreamResponse>,
    ) {
      const reply = onceCallback(call, cb);
      const handler = options.subscribeStream;
      if (!handler && !options.runStream) return reply(unimplemented('SubscribeStream', 'subscribeStream'));
      unary(rt, 'subscribeStream', call, reply, (req, s) =>
        handler ? handler(req, s.ctx) : Promise.resolve({ status: 'ok' as const }),
      ).catch((err) => reply(requestFailure(err)));
    },
    publishStream(
      call: grpc.ServerUnaryCall<pb.PublishStreamRequest, pb.PublishStreamResponse>,
      cb: grpc.sendUnaryData<pb.PublishStreamResponse>,
    ) {
      const reply = onceCallback(call, cb);
      const handler = options.publishStream;
      if (!handler && !options.runStream) return reply(unimplemented('PublishStream', 'publishStream'));
      const replyAs = (err: Partial<grpc.StatusObject> | null, v?: pb.SubscribeStreamResponse): void =>
        reply(err, v as pb.PublishStreamResponse | undefined); // same numbers: OK 0, NOT_FOUND 1, PERMISSION_DENIED 2
      unary(rt, 'publishStream', call, replyAs, (req, s) =>
        handler ? handler(req, s.ctx) : Promise.resolve({ status: 'permission_denied' as const }),
      ).catch((err) => reply(requestFailure(err)));
    },
    runStream(call: grpc.ServerWritableStream<pb.RunStreamRequest, pb.StreamPacket>) {
      if (!options.runStream) return endStreamWithError(call, unimplemented('RunStream', 'runStream'));
      runStream(rt, options, call).catch((err) => endStreamWithError(call, requestFailure(err)));
    },
  };
}
