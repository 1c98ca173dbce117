/**
 * The recording half of record/replay as a mock upstream scenario: forwards a request to the real
 * upstream unchanged (real credentials go through), answers with the real response byte for byte,
 * and writes the exchange, scrubbed (see `scrub.ts`), as `NNN-METHOD-path.json`. Bodies are
 * stored decoded: the request goes out without `accept-encoding`, and a response compressed anyway
 * (gzip, deflate, br) is decompressed — a compressed body could not be scrubbed or read in review.
 * The client then gets the decoded body too, so what it saw is what replays.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

import { flatHeaders } from '../mock-upstream/headers';
import type { Exchange, Scenario } from '../mock-upstream/types';
import { scrubExchange, type ScrubOptions } from './scrub';
import type { RecordedExchange, StoredBody } from './types';

/** What to record, where to, and what to scrub. */
export interface RecordOptions {
  /** Base URL of the real upstream, e.g. `https://api.example.com` (a path prefix is kept). */
  target: string;
  /** Where fixture files go (created when missing). */
  fixturesDir: string;
  /** What to scrub besides the default credential headers, parameters and fields. */
  scrub?: ScrubOptions;
}

/** A forwarding scenario and what it has recorded. */
export interface Forwarder {
  scenario: Scenario;
  /** Exchanges recorded so far (scrubbed, as written). */
  readonly recorded: RecordedExchange[];
  /** Files written so far. */
  readonly files: string[];
  /** Resolves when every file is written. */
  flushed(): Promise<void>;
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

const forwardable = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.has(k.toLowerCase())));

const withoutEncoding = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'accept-encoding'));

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

const DECODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/** The body and headers with a supported `content-encoding` undone (unchanged otherwise). */
function decoded(
  body: Buffer,
  headers: Record<string, string>,
): { body: Buffer; headers: Record<string, string> } {
  const decode = DECODERS[(headers['content-encoding'] ?? '').trim().toLowerCase()];
  if (!decode) return { body, headers };
  const { 'content-encoding': _dropped, ...rest } = headers;
  return { body: decode(body), headers: rest };
}

/** Sends `ex` to the target; resolves with the real response and its body. */
function forward(target: URL, ex: Exchange): Promise<{ res: IncomingMessage; body: Buffer }> {
  const prefix = target.pathname.replace(/\/$/, '');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const up = send({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: ex.method,
      path: `${prefix}${ex.url.pathname}${ex.url.search}`,
      headers: {
        ...withoutEncoding(forwardable(ex.headers)),
        host: target.host,
        'content-length': String(ex.bodyBytes.length),
      },
      signal: ex.signal,
    });
    up.on('error', reject);
    up.on('response', (res) => readAll(res).then((body) => resolve({ res, body }), reject));
    up.end(ex.bodyBytes);
  });
}

/** A forwarding scenario recording into `opts.fixturesDir`. */
export function forwarder(opts: RecordOptions): Forwarder {
  const target = new URL(opts.target);
  mkdirSync(opts.fixturesDir, { recursive: true });
  const recorded: RecordedExchange[] = [];
  const files: string[] = [];
  const writes: Promise<void>[] = [];

  const scenario: Scenario = async (ex) => {
    let answer: { res: IncomingMessage; body: Buffer };
    try {
      answer = await forward(target, ex);
    } catch (err) {
      return ex.send(502, {
        error: `recording proxy could not reach ${opts.target}: ${(err as Error).message}`,
      });
    }
    let plain: { body: Buffer; headers: Record<string, string> };
    try {
      plain = decoded(answer.body, flatHeaders(answer.res.headers));
    } catch (err) {
      return ex.send(502, {
        error: `recording proxy could not decode the ${answer.res.headers['content-encoding']} body from ${opts.target}: ${(err as Error).message}`,
      });
    }
    const resHeaders = plain.headers;
    ex.send(answer.res.statusCode ?? 502, plain.body, forwardable(resHeaders));
    const exchange = scrubExchange(
      {
        v: 1,
        request: {
          method: ex.method,
          path: ex.path,
          query: [...ex.url.searchParams],
          headers: ex.headers,
          body: stored(ex.bodyBytes, ex.headers['content-type']),
        },
        response: {
          status: answer.res.statusCode ?? 0,
          headers: resHeaders,
          body: stored(plain.body, resHeaders['content-type']),
        },
      },
      opts.scrub,
    );
    recorded.push(exchange);
    const file = join(
      opts.fixturesDir,
      `${String(recorded.length).padStart(3, '0')}-${exchange.request.method}-${slug(ex.path)}.json`,
    );
    files.push(file);
    writes.push(writeFile(file, `${JSON.stringify(exchange, null, 2)}\n`));
  };

  return { scenario, recorded, files, flushed: async () => void (await Promise.all(writes)) };
}
