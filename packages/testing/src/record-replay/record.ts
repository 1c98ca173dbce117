/**
 * `recordUpstream`: a recording proxy. Point the plugin (or any client) at its URL instead of the
 * real upstream; every request is forwarded to `target` unchanged (real credentials go through),
 * the response is returned to the client, and the exchange is written to `fixturesDir` with
 * secrets scrubbed (see `scrub.ts`). Replay the folder with `replayUpstream`.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { scrubExchange, type ScrubOptions } from './scrub';
import type { RecordedExchange, StoredBody } from './types';

/** Options of {@link recordUpstream}. */
export interface RecordUpstreamOptions {
  /** Base URL of the real upstream, e.g. `https://api.example.com` (a path prefix is kept). */
  target: string;
  /** Where fixture files go (created when missing). */
  fixturesDir: string;
  /** What to scrub besides the default credential headers, parameters and fields. */
  scrub?: ScrubOptions;
}

/** A running recording proxy. */
export interface Recorder {
  /** `http://127.0.0.1:<port>`: use it as the datasource URL while recording. */
  readonly url: string;
  /** Exchanges recorded so far (scrubbed, as written). */
  readonly recorded: RecordedExchange[];
  /** Files written so far. */
  readonly files: string[];
  /** Stops the proxy (waits for files being written). */
  close(): Promise<void>;
}

/** Hop-by-hop headers a proxy must not forward. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

function flat(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function stored(buf: Buffer, contentType: string | undefined): StoredBody {
  const text = buf.toString('utf8');
  const isText =
    /json|text|xml|javascript|x-www-form-urlencoded|csv|graphql/i.test(contentType ?? '') || buf.length === 0;
  return isText && Buffer.from(text, 'utf8').equals(buf)
    ? { encoding: 'utf8', data: text }
    : { encoding: 'base64', data: buf.toString('base64') };
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const slug = (path: string) =>
  path
    .replace(/^\/+/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .slice(0, 60) || 'root';

/** Starts a recording proxy; see the module comment. */
export async function recordUpstream(opts: RecordUpstreamOptions): Promise<Recorder> {
  const target = new URL(opts.target);
  const prefix = target.pathname.replace(/\/$/, '');
  await mkdir(opts.fixturesDir, { recursive: true });
  const recorded: RecordedExchange[] = [];
  const files: string[] = [];
  const writes: Promise<void>[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      const body = await readAll(req);
      const headers = flat(req.headers);
      const forwarded = Object.fromEntries(Object.entries(headers).filter(([k]) => !HOP.has(k)));
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const upstream = send({
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: `${prefix}${url.pathname}${url.search}`,
        headers: { ...forwarded, host: target.host, 'content-length': String(body.length) },
      });
      upstream.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `recording proxy could not reach ${opts.target}: ${err.message}` }));
      });
      upstream.end(body);
      const up = await new Promise<IncomingMessage>((resolve) => upstream.on('response', resolve));
      const resBody = await readAll(up);
      const resHeaders = flat(up.headers);
      res.writeHead(
        up.statusCode ?? 502,
        Object.fromEntries(Object.entries(resHeaders).filter(([k]) => !HOP.has(k))),
      );
      res.end(resBody);

      const exchange = scrubExchange(
        {
          v: 1,
          request: {
            method: req.method ?? 'GET',
            path: url.pathname,
            query: [...url.searchParams],
            headers,
            body: stored(body, headers['content-type']),
          },
          response: {
            status: up.statusCode ?? 0,
            headers: resHeaders,
            body: stored(resBody, resHeaders['content-type']),
          },
        },
        opts.scrub,
      );
      recorded.push(exchange);
      const file = join(
        opts.fixturesDir,
        `${String(recorded.length).padStart(3, '0')}-${exchange.request.method}-${slug(url.pathname)}.json`,
      );
      files.push(file);
      writes.push(writeFile(file, `${JSON.stringify(exchange, null, 2)}\n`));
    })().catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `recording proxy failed: ${err.message}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    files,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(writes);
    },
  };
}
