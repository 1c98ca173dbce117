/**
 * pluginv2.Resource/CallResource: a server stream whose first message carries status and headers
 * and every message a body chunk, written with backpressure.
 */
import type * as grpc from '@grpc/grpc-js';

import {
  encodeResourceResponse,
  type CallResourceHandler,
  type CallResourceResponse,
  type ResourceSender,
} from '../call-resource';
import { SettingsError } from '../settings';
import { openScope, type Runtime } from './call-scope';
import { resourceRequestFromWire } from './from-wire';
import type * as pb from './gen/pluginv2';
import { endStreamWithError, requestFailure, unimplemented, writeMessage } from './reply';
import { resourceMessageToWire, toBuffer } from './to-wire';

type Call = grpc.ServerWritableStream<pb.CallResourceRequest, pb.CallResourceResponse>;

function write(call: Call, msg: pb.CallResourceResponse): Promise<void> {
  return writeMessage(call, msg);
}

function createSender(call: Call): ResourceSender & { readonly sent: boolean } {
  let headersSent = false;
  const sender = {
    get headersSent() {
      return headersSent;
    },
    get sent() {
      return headersSent;
    },
    async send(res: CallResourceResponse): Promise<void> {
      const msg = encodeResourceResponse(res);
      if (headersSent) return write(call, { code: 0, headers: {}, body: toBuffer(msg.body) });
      headersSent = true;
      return write(call, resourceMessageToWire(msg));
    },
    async sendBody(chunk: string | Uint8Array): Promise<void> {
      if (!headersSent) return sender.send({ status: 200, body: chunk });
      return write(call, {
        code: 0,
        headers: {},
        body: Buffer.from(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk),
      });
    },
  };
  return sender;
}

async function callResource(rt: Runtime, handler: CallResourceHandler<unknown>, call: Call): Promise<void> {
  const req = call.request;
  let scope;
  try {
    scope = await openScope(
      rt,
      'callResource',
      call,
      req.pluginContext,
      {},
      { path: req.path, method: req.method },
    );
  } catch (err) {
    if (err instanceof SettingsError) {
      await write(
        call,
        resourceMessageToWire(encodeResourceResponse({ status: 400, json: { message: err.message } })),
      );
      call.end();
      return;
    }
    return endStreamWithError(call, requestFailure(err));
  }
  const sender = createSender(call);
  let status: 'ok' | 'error' = 'ok';
  try {
    const res = await handler(resourceRequestFromWire(req, scope.ctx.plugin), scope.ctx, sender);
    if (res && !sender.sent) await sender.send(res);
    else if (!sender.sent) {
      status = 'error';
      await sender.send({
        status: 500,
        json: { message: `callResource sent no response for ${req.method} ${req.path}` },
      });
    }
  } catch (err) {
    status = 'error';
    const message = (err as Error)?.message ?? String(err);
    scope.ctx.logger.error('callResource failed', { error: message });
    if (!sender.sent) await sender.send({ status: 500, json: { message } });
    else {
      scope.finish('error', { error: message });
      return endStreamWithError(call, requestFailure(err));
    }
  }
  if (call.cancelled) return scope.finish('cancelled');
  call.end();
  scope.finish(status);
}

/** The grpc-js implementation of pluginv2.Resource. */
export function resourceService(
  rt: Runtime,
  handler: CallResourceHandler<unknown> | undefined,
): grpc.UntypedServiceImplementation {
  return {
    callResource(call: Call) {
      if (!handler) return endStreamWithError(call, unimplemented('CallResource', 'callResource'));
      callResource(rt, handler, call).catch((err) => endStreamWithError(call, requestFailure(err)));
    },
  };
}
