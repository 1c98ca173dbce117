/**
 * Turning whatever ended an upstream request into the error the caller sees: which of our own
 * timeouts fired, the size limit, the caller's abort, or a transport error classified by
 * `DsError.from`.
 * @module
 */
import { DsError, dsError, formatDuration, isDsError, safeUrl } from '../errors';
import type { UpstreamTimeouts } from '../types';

/** Which upstream timeout fired; `details.timeout` of the resulting `timeout` DsError. */
export type UpstreamTimeoutKind = 'connect' | 'firstByte' | 'total';

const LABEL: Record<UpstreamTimeoutKind, string> = {
  connect: 'connect timeout',
  firstByte: 'first-byte timeout',
  total: 'total timeout',
};

/** A `timeout` DsError naming the timeout that fired and its configured value. */
export function upstreamTimeoutError(
  kind: UpstreamTimeoutKind,
  timeouts: UpstreamTimeouts,
  url: string,
  cause?: unknown,
): DsError {
  const timeoutMs = timeouts[`${kind}Ms`];
  const limit = `${formatDuration(timeoutMs)}, the configured ${LABEL[kind]}`;
  const where = safeUrl(url) ?? 'the upstream';
  const message =
    kind === 'connect'
      ? `Could not connect to ${where} in time (>${limit}).`
      : kind === 'firstByte'
        ? `The upstream did not start answering ${where} in time (>${limit}).`
        : `The upstream took too long to answer ${where} (>${limit}).`;
  return dsError('timeout', {
    message,
    timeoutMs,
    details: { timeout: kind, url: where },
    cause,
  });
}

/** The reason our own AbortController is aborted with, so the catch knows why. */
export class UpstreamAbort extends Error {
  override readonly name = 'UpstreamAbort';
  constructor(readonly error: DsError) {
    super(error.message);
  }
}

const CODE_KIND: Record<string, UpstreamTimeoutKind> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect',
  UND_ERR_HEADERS_TIMEOUT: 'firstByte',
  // undici's body timeout is an idle timer; we set it to the total, so it is a backstop of it.
  UND_ERR_BODY_TIMEOUT: 'total',
};

/** The signals one request runs under. */
export interface RequestSignals {
  /** The caller's (query's) signal. */
  caller: AbortSignal;
  /** The clock's total-timeout signal. */
  total: AbortSignal;
  /** Our own controller's signal: first-byte timeout and size limit. */
  local: AbortSignal;
}

/**
 * What to throw for `err`, which ended a request to `url`. The caller's own abort comes back
 * unchanged — the caller knows why it aborted (its deadline, Grafana's cancellation) and
 * middlewares above compare against their own signal's reason. Everything else is a DsError.
 */
export function requestError(
  err: unknown,
  signals: RequestSignals,
  timeouts: UpstreamTimeouts,
  url: string,
): unknown {
  if (signals.caller.aborted) return signals.caller.reason;
  if (signals.local.aborted && signals.local.reason instanceof UpstreamAbort) {
    return signals.local.reason.error;
  }
  if (signals.total.aborted) return upstreamTimeoutError('total', timeouts, url, err);
  if (isDsError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const kind = typeof code === 'string' ? CODE_KIND[code] : undefined;
  if (kind) return upstreamTimeoutError(kind, timeouts, url, err);
  return DsError.from(err, { url });
}
