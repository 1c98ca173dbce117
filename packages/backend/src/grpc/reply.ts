/**
 * Answers a grpc-js call at most once and never after the client cancelled: a handler that
 * finishes after Grafana gave up must not throw or write to a dead stream.
 */
import * as grpc from '@grpc/grpc-js';

import { toErrorResponse } from '../error-source';
import { SettingsError } from '../settings';
import { errorSourceStatus, grpcStatus } from './status-details';

/** A guarded unary callback. */
export function onceCallback<T>(
  call: { cancelled: boolean },
  callback: grpc.sendUnaryData<T>,
): (err: Partial<grpc.StatusObject> | null, value?: T) => void {
  let answered = false;
  return (err, value) => {
    if (answered || call.cancelled) return;
    answered = true;
    try {
      if (err) callback(err as grpc.ServerErrorResponse);
      else callback(null, value);
    } catch {
      // The transport closed between the check and the write; nothing left to tell.
    }
  };
}

/** Ends a server stream with an error status, unless it is already over. */
export function endStreamWithError(
  call: grpc.ServerWritableStream<unknown, unknown>,
  status: Partial<grpc.StatusObject>,
): void {
  if (call.cancelled || call.writableEnded || call.destroyed) return;
  try {
    call.emit('error', status);
  } catch {
    // Stream closed under us.
  }
}

/** UNIMPLEMENTED with a message that says which handler is missing. */
export function unimplemented(method: string, handler: string): Partial<grpc.StatusObject> {
  return grpcStatus(
    grpc.status.UNIMPLEMENTED,
    `${method} is not implemented by this plugin (it has no ${handler} handler)`,
  );
}

/**
 * A whole-request failure as Grafana expects it: UNKNOWN plus errorSource details. The source is
 * the error's own (`source`/`errorSource`), `downstream` for unusable settings (the admin's to
 * fix, not a plugin bug), else `plugin`. The message only, never a stack.
 */
export function requestFailure(err: unknown): Partial<grpc.StatusObject> {
  const e = toErrorResponse(err);
  return errorSourceStatus(e.error, err instanceof SettingsError ? 'downstream' : e.errorSource);
}

/**
 * Writes one message to a server stream, waiting for 'drain' when the stream buffers; resolves
 * without writing once the call is over (cancelled by the client, or ended).
 */
export function writeMessage<T>(call: grpc.ServerWritableStream<unknown, T>, msg: T): Promise<void> {
  if (call.cancelled || call.writableEnded || call.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let ok: boolean;
    try {
      ok = call.write(msg);
    } catch {
      ok = true; // closed under us: nothing to wait for
    }
    if (ok) return resolve();
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
  });
}
