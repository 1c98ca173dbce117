import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ArtifactStore } from '../artifacts';
import { RegistryError } from '../errors';
import { BUNDLE_CONTENT_TYPE } from '../publish/bundle';
import { publishUpload } from '../publish/publish';
import { openStorage } from '../storage/open';
import type { RegistryStorage } from '../storage/types';
import { tokenFromRequest } from '../tokens';
import { KeyRing } from '../trust';
import { errorPage } from '../ui/pages';
import { apiRoutes } from './api-routes';
import type { RegistryContext } from './context';
import { uiRoutes } from './ui-routes';

/** Default upload limit: 512 MiB (real plugins carry three Node runtimes). */
export const DEFAULT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** How the registry is set up. Only `dataDir` is required. */
export interface RegistryOptions {
  /** Created when missing. Holds `registry.db` (SQLite) and, by default, `artifacts/`. */
  dataDir: string;
  /** `postgres://…`: keep metadata in PostgreSQL instead of SQLite. */
  database?: string;
  /** Artifact directory; share it between instances that share a database. */
  artifactsDir?: string;
  /** Company signing keys; default `<dataDir>/keyring.json` when present, else empty. */
  keyring?: KeyRing;
  keyringPath?: string;
  /** Ed25519 certifier public key (PEM text); default `<dataDir>/certifier.pub.pem` when present. */
  certifierPublicKeyPem?: string;
  certifierKeyPath?: string;
  maxUploadBytes?: number;
  /** Temp uploads older than this are removed at start (default 1 hour; shared dirs need slack). */
  orphanMaxAgeMs?: number;
  logger?: boolean;
  now?: () => Date;
}

/** A running registry: the fastify app plus handles tests and the CLI need. */
export interface Registry {
  app: FastifyInstance;
  storage: RegistryStorage;
  artifacts: ArtifactStore;
  context: RegistryContext;
  close(): Promise<void>;
}

/**
 * Builds the registry service: opens (and migrates) storage, cleans up crashed uploads, loads
 * the keyring and certifier key, and registers the API, publish and web UI routes. Call
 * `app.listen` (or `app.inject` in tests) on the result.
 */
export async function createRegistry(opts: RegistryOptions): Promise<Registry> {
  const dataDir = resolve(opts.dataDir);
  const storage = await openStorage({ dataDir, database: opts.database });
  const artifacts = new ArtifactStore(opts.artifactsDir ?? join(dataDir, 'artifacts'));
  await artifacts.init();
  await artifacts.cleanOrphans(await storage.listUploadDirs(), opts.orphanMaxAgeMs ?? 60 * 60 * 1000);

  const keyringPath = opts.keyringPath ?? join(dataDir, 'keyring.json');
  let keyringMtime = 0;
  const loadKeyring = async () => {
    const m = existsSync(keyringPath) ? (await stat(keyringPath)).mtimeMs : 0;
    if (m === keyringMtime) return;
    ctx.keyring = m ? await KeyRing.load(keyringPath) : new KeyRing();
    keyringMtime = m;
  };
  const certPath = opts.certifierKeyPath ?? join(dataDir, 'certifier.pub.pem');
  const certifierPublicKeyPem =
    opts.certifierPublicKeyPem ?? (existsSync(certPath) ? await readFile(certPath, 'utf8') : undefined);

  const ctx: RegistryContext = {
    storage,
    artifacts,
    keyring: opts.keyring ?? new KeyRing(),
    refreshKeyring: opts.keyring ? async () => undefined : loadKeyring,
    certifierPublicKeyPem,
    maxUploadBytes: opts.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    now: opts.now ?? (() => new Date()),
  };
  await ctx.refreshKeyring();

  const app = Fastify({ logger: opts.logger ?? false, trustProxy: true });
  // Upload bodies are streamed to disk by the publish route, never buffered by fastify.
  for (const type of [BUNDLE_CONTENT_TYPE, 'application/zip', 'application/octet-stream']) {
    app.addContentTypeParser(type, (_req, payload, done) => done(null, payload));
  }
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header(
        'content-security-policy',
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      );
    }
    return payload;
  });

  app.setErrorHandler((error, req, reply) => {
    const err = error instanceof Error ? error : new Error(String(error));
    const status =
      err instanceof RegistryError ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
    const code = err instanceof RegistryError ? err.code : status >= 500 ? 'internal' : 'bad_request';
    const message =
      status >= 500 && !(err instanceof RegistryError) ? 'internal error; see the registry log' : err.message;
    if (status >= 500) req.log.error(err);
    if (!req.url.startsWith('/api/') && req.method === 'GET')
      return reply.code(status).type('text/html').send(errorPage(status, message));
    return reply.code(status).send({ message, code });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/'))
      return reply
        .code(404)
        .send({ message: `no route ${req.method} ${req.url.split('?')[0]}`, code: 'not_found' });
    return reply.code(404).type('text/html').send(errorPage(404, 'There is nothing at this address.'));
  });

  app.post('/api/publish', async (req, reply) => {
    const len = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    const body = req.body as NodeJS.ReadableStream | undefined;
    if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
      throw new RegistryError(
        415,
        'bad_content_type',
        `send the publish bundle with content-type ${BUNDLE_CONTENT_TYPE}`,
      );
    }
    await ctx.refreshKeyring();
    let result;
    try {
      result = await publishUpload(ctx, tokenFromRequest(req.headers), body as unknown as Readable, len);
    } catch (err) {
      // A refused upload may be unread (bad token, too large): do not drain it, hang up after answering.
      if (!(body as unknown as Readable).readableEnded) reply.header('connection', 'close');
      throw err;
    }
    return reply.code(201).send(result);
  });

  apiRoutes(app, ctx);
  uiRoutes(app, ctx);

  return {
    app,
    storage,
    artifacts,
    context: ctx,
    async close() {
      await app.close();
      await storage.close();
    },
  };
}
