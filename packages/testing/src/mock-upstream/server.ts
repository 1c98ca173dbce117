/**
 * `mockUpstream()`: an HTTP server on 127.0.0.1 (ephemeral port) answering with scripted
 * scenarios and logging every request, plus an optional mTLS listener.
 * @module
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { forwarder, type Forwarder } from '../record-replay/forward';
import { replayRoutes } from '../record-replay/replay-routes';
import { MockAuth } from './auth';
import { flatHeaders } from './headers';
import { defaultRoutes } from './defaults';
import { parseRouteKey, Router } from './router';
import { generateCertificates, type MtlsMaterial } from './tls';
import type { Exchange, MockUpstream, MockUpstreamOptions, RequestRecord, Scenario } from './types';

/**
 * Starts a mock upstream. Close it with `close()` (e.g. in `afterAll`).
 *
 * @example
 * const upstream = await mockUpstream();
 * upstream.route('GET', '/slow', latency(50, fixture({ ok: true })));
 * await fetch(`${upstream.url}/status/429`); // 429, Retry-After: 1
 * expect(upstream.requests[0]?.path).toBe('/status/429');
 */
export async function mockUpstream(opts: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const routes = opts.replay ? { ...(await replayRoutes(opts.replay)), ...opts.routes } : opts.routes;
  const upstream = new MockUpstreamServer({ ...opts, routes });
  await upstream.start();
  return upstream;
}

class MockUpstreamServer implements MockUpstream {
  readonly requests: RequestRecord[] = [];
  readonly auth: MockAuth;
  mtls?: MtlsMaterial;
  tlsRejections = 0;
  url = '';
  port = 0;

  private readonly custom = new Router();
  private readonly defaults: Router;
  private readonly counters = new Map<string, number>();
  private readonly events = new EventEmitter();
  private readonly servers: (Server | HttpsServer)[] = [];
  private nextId = 1;

  private readonly forwarder?: Forwarder;

  constructor(private readonly opts: MockUpstreamOptions) {
    this.auth = new MockAuth(opts.auth);
    if (opts.record) this.forwarder = forwarder(opts.record);
    this.defaults = defaultRoutes(opts, this.auth);
    this.events.setMaxListeners(0);
    for (const [key, scenario] of Object.entries(opts.routes ?? {})) {
      const { method, path } = parseRouteKey(key);
      this.custom.add(method, path, scenario);
    }
  }

  async start(): Promise<void> {
    const http = createServer((req, res) => void this.handle(req, res, false));
    this.servers.push(http);
    this.port = await listen(http);
    this.url = `http://127.0.0.1:${this.port}`;
    if (this.opts.mtls) {
      await this.startMtls().catch(async (e: unknown) => {
        await this.close(); // no listener left behind when certificates cannot be made
        throw e;
      });
    }
  }

  private async startMtls(): Promise<void> {
    const certs = await generateCertificates(this.opts.openssl);
    const https = createHttpsServer(
      {
        key: certs.serverKey,
        cert: certs.serverCert,
        ca: certs.ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => void this.handle(req, res, true),
    );
    https.on('tlsClientError', () => this.tlsRejections++);
    this.servers.push(https);
    const port = await listen(https);
    this.mtls = {
      ca: certs.ca,
      clientCert: certs.clientCert,
      clientKey: certs.clientKey,
      serverUrl: `https://127.0.0.1:${port}`,
    };
  }

  get recording(): Forwarder | undefined {
    return this.forwarder;
  }

  route(method: string, path: string, scenario: Scenario): MockUpstream {
    this.custom.add(method, path, scenario);
    return this;
  }

  async waitForRequests(n: number, o: { timeoutMs?: number; settled?: boolean } = {}) {
    const ok = () =>
      this.requests.length >= n && (!o.settled || this.requests.every((r) => r.durationMs !== undefined));
    await this.waitUntil(ok, o.timeoutMs ?? 5000, `waitForRequests(${n}${o.settled ? ', settled' : ''})`);
    return this.requests;
  }

  settled(timeoutMs = 5000): Promise<void> {
    return this.waitUntil(
      () => this.requests.every((r) => r.durationMs !== undefined),
      timeoutMs,
      'settled()',
    );
  }

  reset(o: { routes?: boolean } = {}): void {
    this.requests.length = 0;
    this.counters.clear();
    this.auth.resetCounters();
    this.nextId = 1;
    if (o.routes) this.custom.clear();
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            // Hanging and keep-alive connections would hold close() open.
            s.closeAllConnections();
          }),
      ),
    );
    await this.forwarder?.flushed();
  }

  private waitUntil(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (ok()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!ok()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.requests.map(
          (r) => `${r.method} ${r.path}${r.durationMs === undefined ? ' (open)' : ''}`,
        );
        reject(
          new Error(
            `${what} timed out after ${timeoutMs} ms; the mock upstream saw ${seen.length} request(s)` +
              (seen.length ? `: ${seen.join(', ')}` : ''),
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('change', check);
      };
      this.events.on('change', check);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, tls: boolean): Promise<void> {
    const at = Date.now();
    const base = tls ? (this.mtls?.serverUrl ?? this.url) : this.url;
    const url = new URL(req.url ?? '/', base);
    const ac = new AbortController();
    let markDone!: () => void;
    const done = new Promise<void>((r) => (markDone = r));
    const record = {
      id: this.nextId++,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req.headers),
      body: '',
      at,
      tls,
      closedEarly: false,
      abortedByServer: false,
    } as RequestRecord;
    // Not enumerable: keeps logs and toEqual() comparisons about the request itself.
    Object.defineProperty(record, 'done', { value: done, enumerable: false });

    res.on('close', () => {
      record.closedEarly = !res.writableFinished;
      if (res.headersSent) record.status = res.statusCode;
      record.durationMs = Date.now() - at;
      if (record.closedEarly) ac.abort(new Error('client closed the connection'));
      markDone();
      this.events.emit('change');
    });

    const chunks: Buffer[] = [];
    try {
      for await (const c of req) chunks.push(c as Buffer);
    } catch {
      // The client went away while sending; the close handler records it.
    }
    const bodyBytes = Buffer.concat(chunks);
    record.body = bodyBytes.toString('utf8');
    this.requests.push(record);
    this.events.emit('change');
    if (ac.signal.aborted) return;

    const match =
      this.custom.match(record.method, record.path) ?? this.defaults.match(record.method, record.path);
    const ex = this.exchange(req, res, url, record, bodyBytes, ac.signal, match?.params ?? {});
    const scenario: Scenario =
      this.forwarder?.scenario ??
      match?.scenario ??
      ((e) => e.send(404, { error: `no mock route for ${record.method} ${record.path}` }));
    try {
      await scenario(ex);
    } catch (e) {
      if (!res.headersSent) {
        ex.send(500, { error: `mock scenario failed: ${e instanceof Error ? e.message : String(e)}` });
      } else {
        res.destroy();
      }
    }
  }

  private exchange(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    record: RequestRecord,
    bodyBytes: Buffer,
    signal: AbortSignal,
    params: Record<string, string>,
  ): Exchange {
    return {
      req,
      res,
      method: record.method,
      path: record.path,
      query: record.query,
      headers: record.headers,
      body: record.body,
      bodyBytes,
      params,
      url,
      signal,
      record,
      upstream: this,
      sleep: (ms) => sleep(ms, signal),
      count: (key) => {
        const n = (this.counters.get(key) ?? 0) + 1;
        this.counters.set(key, n);
        return n;
      },
      send: (status, body, headers = {}) => {
        if (res.headersSent || res.destroyed) return;
        const isRaw = typeof body === 'string' || Buffer.isBuffer(body);
        const payload = body === undefined ? '' : isRaw ? body : JSON.stringify(body);
        const h: Record<string, string | number> = { ...headers };
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type') && body !== undefined) {
          h['content-type'] = isRaw ? 'text/plain; charset=utf-8' : 'application/json';
        }
        h['content-length'] = Buffer.byteLength(payload);
        res.writeHead(status, h);
        res.end(payload);
      },
      cut: (how) => {
        record.abortedByServer = true;
        const socket = req.socket;
        if (how === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
      },
    };
  }
}

function listen(server: Server | HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Real-timer sleep; resolves false early when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
