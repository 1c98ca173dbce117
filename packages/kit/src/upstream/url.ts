/**
 * URL handling for upstream requests: joining a request path onto the datasource URL and appending
 * query parameters. (Errors name URLs through the errors module's `safeUrl`: origin and path only.)
 * @module
 */
import { dsError } from '../errors';

/** A query parameter value; arrays repeat the key, `undefined`/`null` leave it out. */
export type QueryParamValue = string | number | boolean | null | undefined;

/** Query parameters to append to a request URL. */
export type QueryParams = Record<string, QueryParamValue | readonly QueryParamValue[]>;

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves `url` for a request. Absolute URLs are used as given. Anything else is a path
 * *appended* to `baseUrl`'s path — `https://h/api/v1` + `/query` is `https://h/api/v1/query` —
 * because a datasource URL is a prefix (Grafana's convention), not a document that RFC 3986
 * resolution would replace the last segment of. A path whose `..` segments climb out of the base
 * path is refused, so user input that ends up in a path cannot reach other APIs on the host.
 * `query` is appended with URLSearchParams (encoded, existing parameters kept).
 */
export function resolveUrl(url: string, baseUrl: string | undefined, query?: QueryParams): URL {
  let resolved: URL;
  if (ABSOLUTE.test(url)) {
    resolved = parseOrThrow(url);
  } else {
    if (!baseUrl) {
      throw dsError('internal', {
        message: `The request URL "${url}" is relative, but the datasource has no URL.`,
        suggestion: "Set the datasource's URL in its settings.",
      });
    }
    const base = parseOrThrow(baseUrl);
    const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
    // Leading slashes are dropped so `//evil.example` stays a path under the base, not a host.
    const rel = url.replace(/^\/+/, '');
    resolved = new URL(basePath + rel, base.origin);
    // The base's own query (e.g. a fixed `?api-version=`) is kept; the request's query is added.
    for (const [k, v] of base.searchParams) resolved.searchParams.append(k, v);
    if (!resolved.pathname.startsWith(basePath)) {
      throw dsError('invalid_query', {
        message: `The request path "${redactPath(url)}" leaves the datasource URL's path.`,
        suggestion: 'Remove ".." segments from the path in the query.',
      });
    }
  }
  if (query) appendQuery(resolved, query);
  return resolved;
}

function appendQuery(url: URL, query: QueryParams): void {
  for (const [key, value] of Object.entries(query)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as QueryParamValue[]) {
      if (v === undefined || v === null) continue;
      url.searchParams.append(key, String(v));
    }
  }
}

function parseOrThrow(url: string): URL {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('not http(s)');
    return u;
  } catch {
    throw dsError('internal', {
      message: `"${redactPath(url)}" is not a valid http(s) URL.`,
      suggestion: "Check the datasource's URL in its settings.",
    });
  }
}

function redactPath(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}
