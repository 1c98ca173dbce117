/**
 * Scenario builders: each returns a {@link Scenario} that answers a request in one scripted way.
 * Waits use real timers and end as soon as the client closes the connection, so nothing keeps
 * running after a test's client gave up.
 * @module
 */
import type { Exchange, Scenario } from './types';

/** Options of {@link fixture}. */
export interface FixtureOptions {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string | number>;
}

/**
 * A fixed response. Strings and Buffers are sent as they are (`text/plain` unless a content-type
 * header is given); anything else is JSON-encoded (`application/json`).
 */
export function fixture(body: unknown, opts: FixtureOptions = {}): Scenario {
  return (ex) => ex.send(opts.status ?? 200, body, opts.headers);
}

/** Waits `ms` (real time), then answers with `inner` (default: `{ "ok": true }`). */
export function latency(ms: number, inner: Scenario = fixture({ ok: true })): Scenario {
  return async (ex) => {
    if (await ex.sleep(ms)) await inner(ex);
  };
}

/** Never answers: no status line, no headers. The exchange ends only when the client gives up. */
export function hang(): Scenario {
  return () => new Promise<void>(() => undefined);
}

/** Options of {@link slowDrip}. */
export interface SlowDripOptions {
  /** Bytes per chunk (default 16). */
  chunk?: number;
  /** Milliseconds between chunks (default 50). */
  everyMs?: number;
  /** Total bytes of padding dripped (default 4096). */
  total?: number;
}

/**
 * Sends 200 and the headers at once, then a JSON body `{"data":"xxxx…"}` a chunk at a time: the
 * first byte arrives quickly, the whole body takes `total / chunk * everyMs` ms. Catches clients
 * that only have a first-byte timeout.
 */
export function slowDrip(opts: SlowDripOptions = {}): Scenario {
  const chunk = Math.max(1, opts.chunk ?? 16);
  const everyMs = opts.everyMs ?? 50;
  const total = opts.total ?? 4096;
  return async (ex) => {
    ex.res.writeHead(200, { 'content-type': 'application/json' });
    ex.res.flushHeaders();
    ex.res.write('{"data":"');
    for (let sent = 0; sent < total; sent += chunk) {
      if (!(await ex.sleep(everyMs))) return;
      ex.res.write('x'.repeat(Math.min(chunk, total - sent)));
    }
    ex.res.end('"}');
  };
}

/** Resets the connection (TCP RST) without answering: the client sees `ECONNRESET`. */
export function reset(): Scenario {
  return (ex) => ex.cut('reset');
}

/** Options of {@link status}. */
export interface StatusOptions {
  /** `Retry-After` header: seconds (number) or an HTTP date / any text (string). */
  retryAfter?: number | string;
  /** Body; default `{ "error": "<reason phrase>", "status": code }`. */
  body?: unknown;
  headers?: Record<string, string | number>;
}

/** Answers with `code` (any 100–599), an error body and optionally `Retry-After`. */
export function status(code: number, opts: StatusOptions = {}): Scenario {
  return (ex) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.retryAfter !== undefined) headers['retry-after'] = String(opts.retryAfter);
    if (code === 401 && !Object.keys(headers).some((h) => h.toLowerCase() === 'www-authenticate')) {
      headers['www-authenticate'] = 'Bearer realm="mock-upstream"';
    }
    ex.send(code, opts.body ?? { error: httpReason(code), status: code }, headers);
  };
}

/** 200 with `content-type: application/json` and a body that is not JSON. */
export function malformedJson(): Scenario {
  return fixture('{"data": [1, 2,, oops} <html>', { headers: { 'content-type': 'application/json' } });
}

/** Options of {@link truncatedJson}. */
export interface TruncatedJsonOptions {
  /**
   * `'body'` (default): a complete HTTP response whose JSON text stops mid-value.
   * `'connection'`: declares a longer `content-length`, sends half, then closes the connection.
   */
  cut?: 'body' | 'connection';
}

/** JSON that ends in the middle: see {@link TruncatedJsonOptions}. */
export function truncatedJson(opts: TruncatedJsonOptions = {}): Scenario {
  const text = '{"items":[{"id":1,"value":1.5},{"id":2,"value":';
  return (ex) => {
    if (opts.cut !== 'connection') {
      ex.send(200, text, { 'content-type': 'application/json' });
      return;
    }
    ex.res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length * 2 });
    ex.res.write(text, () => ex.cut('close'));
  };
}

/** Options of {@link hugeBody}. */
export interface HugeBodyOptions {
  /** Send `content-length` up front (default false: chunked, so a limit must be enforced while reading). */
  contentLength?: boolean;
}

/**
 * A valid JSON body of exactly `bytes` bytes (`{"data":"xxx…"}`, minimum 11), streamed in 64 KiB
 * chunks with back-pressure; stops as soon as the client closes the connection.
 */
export function hugeBody(bytes: number, opts: HugeBodyOptions = {}): Scenario {
  const total = Math.max(11, Math.floor(bytes));
  return async (ex) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (opts.contentLength) headers['content-length'] = total;
    ex.res.writeHead(200, headers);
    ex.res.write('{"data":"');
    const block = Buffer.alloc(64 * 1024, 'x');
    let left = total - 11;
    while (left > 0 && !ex.signal.aborted) {
      const n = Math.min(left, block.length);
      left -= n;
      if (!ex.res.write(n === block.length ? block : block.subarray(0, n))) {
        await drained(ex);
      }
    }
    if (!ex.signal.aborted) ex.res.end('"}');
  };
}

/** Waits for `drain` or the connection closing. */
function drained(ex: Exchange): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      ex.res.off('drain', done);
      ex.signal.removeEventListener('abort', done);
      resolve();
    };
    ex.res.once('drain', done);
    ex.signal.addEventListener('abort', done, { once: true });
  });
}

/** Options of {@link flaky}. */
export interface FlakyOptions {
  /**
   * Names the counter (default: one per `flaky()` call). Requests are further keyed by the `key`
   * query parameter or the `x-mock-key` header, so parallel tests can use separate counters.
   */
  id?: string;
}

let flakyIds = 0;

/**
 * Fails the first `n` requests (per key) with `failWith` (default 503), then answers with `then`
 * (default `{ "ok": true }`) from request `n + 1` on. `reset()` of the upstream starts over.
 */
export function flaky(
  n: number,
  failWith: Scenario = status(503),
  then: Scenario = fixture({ ok: true }),
  opts: FlakyOptions = {},
): Scenario {
  const id = opts.id ?? `#${++flakyIds}`;
  return (ex) => {
    const key = ex.query.key ?? ex.headers['x-mock-key'] ?? '';
    const attempt = ex.count(`flaky:${id}:${key}`);
    return attempt <= n ? failWith(ex) : then(ex);
  };
}

let sequenceIds = 0;

/** Answers the k-th request with the k-th scenario; the last one repeats. */
export function sequence(...scenarios: Scenario[]): Scenario {
  if (scenarios.length === 0) throw new Error('sequence() needs at least one scenario');
  const id = ++sequenceIds;
  return (ex) => {
    const k = ex.count(`sequence:${id}`);
    return scenarios[Math.min(k, scenarios.length) - 1]!(ex);
  };
}

/** Echoes the request as JSON: `{ method, path, query, headers, body }` (for checking what a client sent). */
export function echo(): Scenario {
  return (ex) =>
    ex.send(200, { method: ex.method, path: ex.path, query: ex.query, headers: ex.headers, body: ex.body });
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function httpReason(code: number): string {
  return REASONS[code] ?? `HTTP ${code}`;
}
