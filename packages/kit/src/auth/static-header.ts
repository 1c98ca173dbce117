/**
 * The shared core of the static credential providers (API key, basic, bearer, custom headers):
 * put fixed headers (or a query parameter) on every request, unless the request already carries
 * that header — an outer layer or the query code set it on purpose, and silently replacing it
 * would send the wrong identity.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import { upstreamMiddleware, type Fetch, type UpstreamMiddleware } from '../types';
import { hasHeader, withHeader } from './headers';
import { redactError } from './redact';

/** RFC 9110 token characters: what a header name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Throws a `SettingsError` naming `where` when `name` is not a valid header name. */
export function checkHeaderName(name: string, where: string): string {
  if (!TOKEN.test(name)) {
    throw new SettingsError(
      `${where} is not a valid HTTP header name (use letters, digits and - only, e.g. X-API-Key).`,
    );
  }
  return name;
}

/**
 * Throws a `SettingsError` naming `where` (never the value) when a credential cannot be sent in
 * a header: a line break would let it inject another header, and Node rejects it anyway.
 */
export function checkHeaderValue(value: string, where: string): string {
  if (/[\r\n\0]/.test(value)) {
    throw new SettingsError(
      `${where} contains a line break or NUL character, which cannot be sent in an HTTP header; paste it again without them.`,
    );
  }
  return value;
}

/** Options shared by every header-setting provider. */
export interface OverwriteOption {
  /**
   * Replace a header of the same name already on the request. Default `false`: a header set by
   * an outer layer or by the query code wins.
   */
  overwrite?: boolean;
}

/**
 * A middleware that sets `headers` on each request (skipping ones already present unless
 * `overwrite`). Returns a pass-through middleware when `headers` is empty.
 *
 * Errors from below have `secrets` (the credentials and the header values built from them)
 * replaced by `[redacted]`: upstreams that echo the request's headers into an error body would
 * otherwise put the credential into the error the user sees.
 */
export function staticHeaders(
  name: string,
  headers: readonly (readonly [string, string])[],
  overwrite = false,
  secrets: readonly string[] = headers.map(([, v]) => v),
): UpstreamMiddleware {
  return upstreamMiddleware(name, (next: Fetch): Fetch => {
    if (headers.length === 0) return next;
    return async (req) => {
      let out = req;
      for (const [h, v] of headers) {
        if (!overwrite && hasHeader(out.headers, h)) continue;
        out = withHeader(out, h, v);
      }
      try {
        return await next(out);
      } catch (err) {
        throw redactError(err, secrets);
      }
    };
  });
}
