/**
 * Shapes of the mock upstream: a {@link Scenario} answers one request through an {@link Exchange};
 * every request lands in the log as a {@link RequestRecord}.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Forwarder, RecordOptions } from '../record-replay/forward';
import type { MockAuth, MockAuthOptions } from './auth';
import type { MtlsMaterial } from './tls';

/** One request as the mock saw it. Fields after `at` are filled in when the exchange ends. */
export interface RequestRecord {
  /** 1-based sequence number in this upstream's log. */
  id: number;
  method: string;
  /** Path without the query string, e.g. `/status/429`. */
  path: string;
  /** Query parameters (the last value wins for repeated keys). */
  query: Record<string, string>;
  /** Request headers, lower-case names, repeated values joined with `, `. */
  headers: Record<string, string>;
  /** Request body as UTF-8 (empty string when none). */
  body: string;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** `true` when the request came through the mTLS listener. */
  tls: boolean;
  /** Status code the mock started to answer with, once headers are sent. */
  status?: number;
  /**
   * The connection closed before the response finished: the client gave up (timeout, cancel, size
   * limit) or the scenario cut it (`reset`, truncated connection; then `abortedByServer` is true too).
   */
  closedEarly: boolean;
  /** The scenario itself cut the connection (`reset()`, `truncatedJson({ cut: 'connection' })`). */
  abortedByServer: boolean;
  /** Milliseconds from arrival to the response finishing or the connection closing; `undefined` while open. */
  durationMs?: number;
  /** Settles when the exchange ends (response finished or connection closed). */
  readonly done: Promise<void>;
}

/** What a scenario gets to answer one request. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The request body as received (for binary bodies; `body` is its UTF-8 text). */
  readonly bodyBytes: Buffer;
  /** Values of `:name` segments of the matched route. */
  readonly params: Record<string, string>;
  /** The request's absolute URL on the listener it came in on (for Link headers and the like). */
  readonly url: URL;
  /** Aborts when the connection closes before the response finished. */
  readonly signal: AbortSignal;
  readonly record: RequestRecord;
  readonly upstream: MockUpstream;
  /** Real-timer sleep that ends early when the connection closes; resolves `false` then. */
  sleep(ms: number): Promise<boolean>;
  /** Increments and returns a counter of this upstream (cleared by `reset()`). */
  count(key: string): number;
  /** Sends a whole response (JSON-encodes non-string, non-Buffer bodies). */
  send(status: number, body?: unknown, headers?: Record<string, string | number>): void;
  /** Marks the connection as cut on purpose before destroying it (see `abortedByServer`). */
  cut(how: 'reset' | 'close'): void;
}

/** Answers one request. May be async; a throw becomes a 500 naming the mock bug. */
export type Scenario = (ex: Exchange) => void | Promise<void>;

/** Options of {@link mockUpstream}. */
export interface MockUpstreamOptions {
  /**
   * Also start an HTTPS listener that requires a client certificate signed by a CA generated at
   * start with the `openssl` CLI. Its URL and PEMs are in `upstream.mtls`.
   */
  mtls?: boolean;
  /** The openssl CLI used for `mtls` (default `openssl` from PATH). */
  openssl?: string;
  /** Extra routes, keyed `'METHOD /path'` (`*` for any method, `:name` segments allowed). */
  routes?: Record<string, Scenario>;
  /** Credentials and token lifetimes of `/oauth/token`, `/login` and `/protected`. */
  auth?: MockAuthOptions;
  /** Defaults for `/drip` (query parameters override): 16-byte chunks every 50 ms, 4 KiB total. */
  drip?: { chunk?: number; everyMs?: number; total?: number };
  /** `Retry-After` (seconds) of `/status/429` and `/status/503` unless `?retryAfter=` says otherwise. Default 1. */
  retryAfterSeconds?: number;
  /** Pages served by the `/pages/*` routes. Default: three pages of two `{ id, value }` rows. */
  pages?: unknown[][];
  /**
   * Record mode: every request is forwarded to the real upstream `record.target` and answered with
   * its real response, and the exchange is written to `record.fixturesDir` with secrets scrubbed
   * (record-replay/forward.ts). No mock route answers in this mode.
   */
  record?: RecordOptions;
  /**
   * Replay mode: answer from the recordings in this folder (record-replay/replay-routes.ts);
   * `routes` given as well take precedence.
   */
  replay?: string;
}

/** A running mock upstream. */
export interface MockUpstream {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The request log, oldest first (both listeners). */
  readonly requests: RequestRecord[];
  /** Token endpoint, login and protected-resource state. */
  readonly auth: MockAuth;
  /** Present in record mode: what has been recorded so far. */
  readonly recording?: Pick<Forwarder, 'recorded' | 'files' | 'flushed'>;
  /** Present with `mtls: true`: the HTTPS listener's URL and the PEMs a client needs. */
  readonly mtls?: MtlsMaterial;
  /** TLS handshakes the mTLS listener refused (e.g. no client certificate). */
  readonly tlsRejections: number;
  /** Adds (or replaces) a route; it wins over the default table. `method` `*` matches any. */
  route(method: string, path: string, scenario: Scenario): MockUpstream;
  /** Resolves with the log once it holds at least `n` requests (rejects after `timeoutMs`, default 5000). */
  waitForRequests(n: number, opts?: { timeoutMs?: number; settled?: boolean }): Promise<RequestRecord[]>;
  /** Resolves when every logged exchange has ended (response finished or connection closed). */
  settled(timeoutMs?: number): Promise<void>;
  /** Clears the log, counters (flaky, sequences) and auth counters; `routes: true` also drops added routes. */
  reset(opts?: { routes?: boolean }): void;
  /** Closes both listeners and every open connection (hanging requests included). */
  close(): Promise<void>;
}
