/**
 * Header helpers shared by the auth providers: case-insensitive lookups on plain header records,
 * and reading the headers Grafana forwards with a request (QueryData and CheckHealth prefix them
 * with `http_`, CallResource does not).
 * @module
 */
import type { UpstreamRequest } from '../types';

/** The value of header `name` (any case), or undefined. */
export function getHeader(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** True when header `name` (any case) is present, even with an empty value. */
export function hasHeader(headers: Record<string, string> | undefined, name: string): boolean {
  return getHeader(headers, name) !== undefined;
}

/**
 * A copy of `req` with header `name` set to `value`. Any other-case spelling is removed so the
 * upstream never sees two values for one header. The original request is not changed, because
 * a retry in an outer layer may send it again.
 */
export function withHeader(req: UpstreamRequest, name: string, value: string): UpstreamRequest {
  const lower = name.toLowerCase();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (k.toLowerCase() !== lower) headers[k] = v;
  headers[name] = value;
  return { ...req, headers };
}

/**
 * A header Grafana forwarded with the request that caused this upstream call. Looks for
 * `http_<name>` first (QueryData, CheckHealth), then `<name>` (CallResource), both in any case.
 * Empty values read as undefined.
 */
export function forwardedHeader(req: UpstreamRequest, name: string): string | undefined {
  const headers = req.context?.headers;
  const value = getHeader(headers, `http_${name}`) ?? getHeader(headers, name);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
