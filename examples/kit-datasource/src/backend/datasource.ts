/**
 * The kit example: one query function on `createDatasource`. Everything else — deadlines,
 * auth from the settings, retries, the circuit breaker, limits, error categories and messages,
 * "no data" and partial-result notices — is the kit's default pipeline.
 *
 * Settings: `url` = upstream base URL; jsonData `timeout` (s), `authType` and the auth fields of
 * `authFromSettings`, `maxResponseBytes` (default 64 MiB), `healthPath` (default `/`);
 * secrets in secureJsonData.
 * @module
 */
import type { Frame, Notice } from '@dsforge/backend';
import {
  jsonToFrame,
  PartialResultError,
  responseLimit,
  type CreateDatasourceOptions,
  type QueryContext,
  type QueryResult,
  type UpstreamMiddleware,
} from '@dsforge/kit';

import { paginatorFor } from './pages';
import { parseKitQuery, type KitQuery } from './query';

function toFrame(value: unknown, q: KitQuery, name: string): Frame {
  return jsonToFrame(value, { name, ...(q.root && !q.paginate ? { root: q.root } : {}) });
}

/** Reads every page; a failure after some pages keeps them (partial result with a warning). */
async function readPages(q: KitQuery, ctx: QueryContext, name: string): Promise<QueryResult> {
  const pages = paginatorFor(q, q.paginate!, ctx);
  const rows: unknown[] = [];
  const notices: Notice[] = [];
  try {
    for (;;) {
      const step = await pages.next();
      if (step.done) {
        if (step.value.truncated) notices.push(step.value.truncated.notice);
        break;
      }
      rows.push(...step.value.items);
    }
  } catch (err) {
    if (rows.length > 0) throw new PartialResultError([jsonToFrame(rows, { name })], err);
    throw err;
  }
  return { frames: [jsonToFrame(rows, { name })], notices };
}

/** One query: GET the path (or every page of it) and turn the rows into a frame. */
async function query(q: KitQuery, ctx: QueryContext, refId: string): Promise<QueryResult> {
  if (q.paginate) return readPages(q, ctx, refId);
  const res = await ctx.fetch({ url: q.path, signal: ctx.signal });
  // No rows is a zero-row frame: the kit adds the "No data" info notice, so an empty result
  // never looks like a broken plugin.
  return { frames: [toFrame(res.json(), q, refId)] };
}

/** jsonData `maxResponseBytes` replaces the default response limit. */
function withResponseLimit(defaults: UpstreamMiddleware[], jsonData: unknown): UpstreamMiddleware[] {
  const max = (jsonData as { maxResponseBytes?: unknown } | null)?.maxResponseBytes;
  if (typeof max !== 'number' || !(max > 0)) return defaults;
  return defaults.map((m) => (m.middlewareName === 'responseLimit' ? responseLimit(max) : m));
}

/** `createDatasource` options of the example. */
export function kitDatasourceOptions(): CreateDatasourceOptions<KitQuery> {
  return {
    // A throw here is that query's `invalid_query` error, with the kit's wire frame and a
    // correlation id; the query function and the middlewares never see an invalid query.
    parseQuery: parseKitQuery,
    query: (q, ctx) => query(q.query, ctx, q.refId),
    async checkHealth(ctx) {
      const path = (ctx.plugin.dataSource?.jsonData as { healthPath?: unknown } | undefined)?.healthPath;
      await ctx.fetch({ url: typeof path === 'string' ? path : '/', signal: ctx.signal });
      return 'Upstream reachable';
    },
    upstream: {
      configure: (defaults, settings) => withResponseLimit(defaults, settings.jsonData),
    },
  };
}
