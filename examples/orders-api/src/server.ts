/**
 * The orders REST server (node:http): base path `/api/v1` (the spec's relative server), the
 * `Authorization: Token <api key>` check, per-key rate limits, JSON errors in the spec's `Error`
 * shape, and the operations of `routes.ts`.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { InvalidRequestError } from './cursor';
import { HttpError, readJson, sendJson } from './http';
import { RateLimiter, type RateLimit } from './rate-limit';
import { ROUTES, type Route } from './routes';
import { OrdersStore, type StoreOptions } from './store';

/** Options of {@link startOrdersApi}. */
export interface OrdersApiOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Accepted API key(s), sent as `Authorization: Token <key>` (default `demo-key`). */
  apiKey?: string | string[];
  /** Delay of `/orders/slow` without `delay_ms` (default `ORDERS_API_SLOW_MS` or the spec's 5000). */
  slowMs?: number;
  /** Limit on every authenticated call per key (default 600 per minute); `false` turns it off. */
  rateLimit?: RateLimit | false;
  /** Limit of `/orders/limited` per key (default the spec's 2 per minute). */
  strictRateLimit?: RateLimit;
  /** Clock for rate-limit windows and write timestamps, epoch ms (default `Date.now`). */
  clock?: () => number;
  /** Seed data: PRNG seed, anchor time (`now`), number of orders and customers. */
  data?: Omit<StoreOptions, 'clock'>;
}

/** A running orders server. */
export interface OrdersApi {
  /** The origin, e.g. `http://127.0.0.1:8787`: what a datasource's URL setting holds. */
  url: string;
  /** `url` + `/api/v1`: where the operations live (the spec's relative server). */
  baseUrl: string;
  /** The data it answers from (each server has its own copy). */
  store: OrdersStore;
  /** Counters a test can observe. */
  stats(): { requests: number; slowCancelled: number };
  /** Stops listening, ends open connections and pending slow requests. */
  close(): Promise<void>;
}

/** The spec's relative server URL. */
export const BASE_PATH = '/api/v1';

const compiled = ROUTES.map((r) => ({
  route: r,
  re: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

function match(method: string, path: string): { route: Route; params: Record<string, string> } | HttpError {
  const hits = compiled.filter((c) => c.re.test(path));
  if (hits.length === 0) return new HttpError(404, 'not_found', `no operation at ${BASE_PATH}${path}`);
  // Static paths are listed first, so `/orders/slow` wins over `/orders/{orderId}`.
  const hit = hits.find((h) => h.route.method === method);
  if (!hit) {
    const allow = [...new Set(hits.map((h) => h.route.method))].join(', ');
    return new HttpError(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}`, { allow });
  }
  const decode = (v: string): string => {
    try {
      return decodeURIComponent(v);
    } catch {
      throw new InvalidRequestError(`path segment "${v}" is not valid percent-encoding`);
    }
  };
  const params = Object.fromEntries(
    Object.entries(hit.re.exec(path)!.groups ?? {}).map(([k, v]) => [k, decode(v)]),
  );
  return { route: hit.route, params };
}

/** The API key of an `Authorization: Token <key>` header, or a 401. */
function apiKeyOf(req: IncomingMessage, keys: Set<string>): string {
  const header = req.headers.authorization;
  const challenge = { 'www-authenticate': 'Token' };
  if (!header) {
    throw new HttpError(
      401,
      'unauthorized',
      'missing API key: send "Authorization: Token <api key>"',
      challenge,
    );
  }
  if (!header.startsWith('Token ')) {
    throw new HttpError(401, 'unauthorized', 'the Authorization header must be "Token <api key>"', challenge);
  }
  const key = header.slice('Token '.length);
  if (!keys.has(key)) throw new HttpError(401, 'unauthorized', 'invalid API key', challenge);
  return key;
}

function limit(limiter: RateLimiter, key: string, headers: Record<string, string>): void {
  const d = limiter.take(key);
  headers['x-ratelimit-remaining'] = String(d.remaining);
  if (!d.allowed) {
    throw new HttpError(429, 'rate_limited', `rate limit exceeded, retry in ${d.retryAfterSeconds} s`, {
      ...headers,
      'retry-after': String(d.retryAfterSeconds),
    });
  }
}

/** Starts the orders server; resolves once it listens. */
export async function startOrdersApi(opts: OrdersApiOptions = {}): Promise<OrdersApi> {
  const clock = opts.clock ?? Date.now;
  const store = new OrdersStore({ ...opts.data, clock });
  const keys = new Set(Array.isArray(opts.apiKey) ? opts.apiKey : [opts.apiKey ?? 'demo-key']);
  const envSlow = Number(process.env.ORDERS_API_SLOW_MS);
  const slowMs = opts.slowMs ?? (Number.isFinite(envSlow) && envSlow >= 0 ? envSlow : 5000);
  const general =
    opts.rateLimit === false
      ? undefined
      : new RateLimiter(opts.rateLimit ?? { requests: 600, windowMs: 60_000 }, clock);
  const strict = new RateLimiter(opts.strictRateLimit ?? { requests: 2, windowMs: 60_000 }, clock);
  const closing = new AbortController();
  const counters = { requests: 0, slowCancelled: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests += 1;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers: Record<string, string> = {};
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    try {
      if (url.pathname !== BASE_PATH && !url.pathname.startsWith(`${BASE_PATH}/`)) {
        throw new HttpError(
          404,
          'not_found',
          `no operation at ${url.pathname}; the API lives under ${BASE_PATH}`,
        );
      }
      const found = match(req.method ?? 'GET', url.pathname.slice(BASE_PATH.length) || '/');
      if (found instanceof HttpError) throw found;
      if (found.route.auth) {
        const key = apiKeyOf(req, keys);
        if (general) limit(general, key, headers);
        if (found.route.strictLimit) limit(strict, key, headers);
      }
      const reply = await found.route.handle({
        store,
        query: url.searchParams,
        params: found.params,
        body: () => readJson(req),
        signal: AbortSignal.any([gone.signal, closing.signal]),
        slowMs,
        onSlowCancelled: () => (counters.slowCancelled += 1),
      });
      if (res.destroyed || res.writableEnded) return;
      if (reply.text !== undefined) {
        res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType ?? 'text/plain' });
        res.end(reply.text);
      } else if (reply.body !== undefined) sendJson(res, reply.status, reply.body, headers);
      else res.writeHead(reply.status, headers).end();
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      const err =
        e instanceof HttpError
          ? e
          : e instanceof InvalidRequestError
            ? new HttpError(400, 'invalid_request', e.message, headers)
            : new HttpError(500, 'internal', `the orders server failed: ${(e as Error).message}`);
      sendJson(res, err.status, { code: err.code, message: err.message }, { ...headers, ...err.headers });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  return {
    url,
    baseUrl: `${url}${BASE_PATH}`,
    store,
    stats: () => ({ ...counters }),
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
