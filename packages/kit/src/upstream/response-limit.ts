/**
 * Response size limit. It is *enforced* in one place only, {@link createFetch}, because only the
 * bottom of the chain sees the body while it streams in and can abort the request (closing the
 * socket) the moment the limit is crossed; a middleware above would only see a body already in
 * memory. {@link responseLimit} is the middleware form: it lowers the limit for the requests that
 * pass through it.
 * @module
 */
import { dsError, safeUrl, type DsError } from '../errors';
import { upstreamMiddleware, type Fetch, type UpstreamMiddleware } from '../types';
import type { FetchRequest } from './request-options';

/**
 * Default response size limit: 64 MiB. Far above what a panel can show, low enough that one
 * runaway query cannot take the plugin process down (the body is held in memory, then framed).
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** `1.5 MiB`, `512 KiB`, `100 B`: sizes as people read them. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'unlimited';
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** The `bad_response` DsError for a body over `limit` bytes from `url`. */
export function responseTooLargeError(limit: number, url: string, declaredBytes?: number): DsError {
  const where = safeUrl(url) ?? 'the upstream';
  const details: Record<string, unknown> = { url: where, maxResponseBytes: limit };
  if (declaredBytes !== undefined) details.contentLength = declaredBytes;
  return dsError('bad_response', {
    message: `The upstream response from ${where} is larger than the ${formatBytes(limit)} limit.`,
    suggestion:
      'Narrow the query (shorter time range, filters), or ask an admin to raise the response size limit.',
    details,
  });
}

/**
 * Limits response bodies of the requests passing through to `maxBytes` (the lower of this and
 * any limit already set applies). `Infinity`, zero or a negative value means nothing to do, and
 * the middleware returns `next` unchanged.
 */
export function responseLimit(maxBytes: number): UpstreamMiddleware {
  return upstreamMiddleware('responseLimit', (next: Fetch): Fetch => {
    if (!Number.isFinite(maxBytes) || maxBytes <= 0) return next;
    return (req) => {
      const current = (req as FetchRequest).maxResponseBytes;
      const limit = current === undefined ? maxBytes : Math.min(current, maxBytes);
      return next({ ...req, maxResponseBytes: limit } as FetchRequest);
    };
  });
}
