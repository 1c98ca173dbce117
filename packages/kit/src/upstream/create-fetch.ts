/**
 * {@link createFetch}: the bottom of the upstream chain — one undici Agent per datasource
 * instance, separate connect / first-byte / total timeouts, the caller's signal passed down so an
 * abort closes the socket, and the response size limit enforced while the body streams in.
 * @module
 */
import { Agent, request, type buildConnector } from 'undici';

import { systemClock, type Clock } from '../clock';
import type { DsError } from '../errors';
import type { Fetch, UpstreamTimeouts } from '../types';
import type { FetchRequest, TlsOptions } from './request-options';
import { flattenHeaders, makeResponse } from './response';
import { DEFAULT_MAX_RESPONSE_BYTES, responseTooLargeError } from './response-limit';
import { DEFAULT_UPSTREAM_TIMEOUTS, mergeTimeouts } from './timeouts';
import { requestError, UpstreamAbort, upstreamTimeoutError } from './transport-error';
import { resolveUrl } from './url';

/** Options of {@link createFetch}. */
export interface CreateFetchOptions {
  /** Base for relative request URLs (the datasource URL); see {@link resolveUrl}. */
  baseUrl?: string;
  /**
   * Defaults: connect 10 s, first byte 30 s, total 30 s. Connect applies per connection (the
   * Agent pools them), so a request's own `timeouts.connectMs` is not used; first byte and
   * total can be set per request. First byte counts from the start of the request, so it
   * includes connecting; total covers everything up to the last body byte, which is what
   * catches a slow-drip body (undici's own body timeout is an idle timer a drip never trips).
   */
  timeouts?: Partial<UpstreamTimeouts>;
  /** Response body limit in bytes (default 64 MiB); over it the request is aborted. */
  maxResponseBytes?: number;
  /** TLS options for every connection (mTLS, private CA, skip verify). */
  tls?: TlsOptions;
  /** Clock for the first-byte and total timeouts (tests pass a fake one). */
  clock?: Clock;
  /**
   * Replaces undici's connector (tests, SOCKS/unix-socket setups). The connect timeout and `tls`
   * are then the connector's job.
   */
  connector?: buildConnector.connector;
}

/** A {@link Fetch} that owns connections; `close()` ends them (call it on instance dispose). */
export type UpstreamFetch = Fetch & {
  /** Closes idle connections and waits for running requests to finish. */
  close(): Promise<void>;
};

/**
 * Creates the bottom {@link Fetch} of an upstream chain. It resolves the URL (relative to
 * `baseUrl`, plus `query`), sends the request on its own undici Agent and reads the whole body.
 *
 * Errors: the caller's abort is rethrown as the signal's reason (the caller knows why it
 * aborted); our timeouts become `timeout` DsErrors with `details.timeout` = `connect` |
 * `firstByte` | `total`; a body over the limit becomes `bad_response`; transport failures go
 * through `DsError.from` (refused, reset, DNS → `upstream_unavailable`). Every abort destroys
 * the request's socket, so the upstream sees the connection close. HTTP error statuses are
 * *not* errors here: {@link tagErrors} decides what they mean.
 */
export function createFetch(opts: CreateFetchOptions = {}): UpstreamFetch {
  const clock = opts.clock ?? systemClock;
  const defaults = mergeTimeouts(DEFAULT_UPSTREAM_TIMEOUTS, opts.timeouts);
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const agent = new Agent({
    connect: opts.connector ?? { ...opts.tls, timeout: defaults.connectMs },
    // Backstops only: the clock-driven timers below fire first (undici's are coarse, ~0.5 s).
    headersTimeout: defaults.firstByteMs,
    bodyTimeout: defaults.totalMs,
  });

  const fetch: Fetch = async (req) => {
    const r = req as FetchRequest;
    const url = resolveUrl(r.url, opts.baseUrl, r.query).href;
    const timeouts = mergeTimeouts(defaults, r.timeouts);
    const limit = Math.min(maxBytes, r.maxResponseBytes ?? Infinity);
    const caller = r.signal;
    if (caller.aborted) throw caller.reason;

    const local = new AbortController();
    const total = clock.timeoutSignal(timeouts.totalMs);
    const signals = { caller, total, local: local.signal };
    // One signal for undici: whichever fires first aborts the request and destroys its socket.
    const signal = AbortSignal.any([caller, total, local.signal]);
    const fail = (error: DsError) => local.abort(new UpstreamAbort(error));

    let headersIn = false;
    const firstByte =
      timeouts.firstByteMs < timeouts.totalMs ? clock.timeoutSignal(timeouts.firstByteMs) : undefined;
    const onFirstByte = () => {
      if (!headersIn) fail(upstreamTimeoutError('firstByte', timeouts, url));
    };
    firstByte?.addEventListener('abort', onFirstByte, { once: true });
    try {
      const res = await request(url, {
        dispatcher: agent,
        method: (r.method ?? 'GET').toUpperCase() as 'GET',
        headers: r.headers,
        body: r.body,
        signal,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.totalMs,
      });
      headersIn = true;
      firstByte?.removeEventListener('abort', onFirstByte);
      const headers = flattenHeaders(res.headers);

      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        // No point downloading what we will refuse; aborting closes the connection.
        fail(responseTooLargeError(limit, url, declared));
        throw local.signal.reason;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.byteLength;
        if (size > limit) {
          fail(responseTooLargeError(limit, url));
          throw local.signal.reason;
        }
        chunks.push(chunk);
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      return makeResponse(res.statusCode, headers, body, url);
    } catch (err) {
      throw requestError(err, signals, timeouts, url);
    } finally {
      firstByte?.removeEventListener('abort', onFirstByte);
    }
  };

  return Object.assign(fetch, { close: () => agent.close() });
}
