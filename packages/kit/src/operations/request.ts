/**
 * Builds an operation's HTTP request from the query's parameter values: path parameters
 * substituted (encoded), query parameters appended, header parameters set, body parameters
 * collected into the JSON body, all under the spec's base path.
 * @module
 */
import type { OperationParamSpec, OperationRequest, OperationSpec } from './types';

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Appends `key=value` pairs; arrays repeat the key (explode) or are joined with commas. */
export function appendQuery(url: string, pairs: [OperationParamSpec | string, unknown][]): string {
  const qs = new URLSearchParams();
  for (const [p, v] of pairs) {
    if (!present(v)) continue;
    const name = typeof p === 'string' ? p : p.name;
    const explode = typeof p === 'string' ? true : p.explode !== false;
    if (Array.isArray(v)) {
      if (explode) for (const item of v) qs.append(name, scalar(item));
      else qs.append(name, v.map(scalar).join(','));
    } else qs.append(name, scalar(v));
  }
  const text = qs.toString();
  if (!text) return url;
  return url + (url.includes('?') ? '&' : '?') + text;
}

/** Joins the base path (`/api/v1`) and an operation path (`/orders`) with one slash. */
export function joinPath(base: string, path: string): string {
  if (!base) return path;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The request for `operation` with `values` (already validated and time-filled). Unknown keys in
 * `values` are ignored; empty values are left out. The body is the object of `body` parameters,
 * sent when there is one or the operation requires a body.
 */
export function buildRequest(
  operation: OperationSpec,
  values: Record<string, unknown>,
  basePath: string,
): OperationRequest {
  let path = operation.path;
  const query: [OperationParamSpec, unknown][] = [];
  const headers: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const p of operation.params) {
    const v = values[p.name];
    if (p.in === 'path') {
      path = path.split(`{${p.name}}`).join(encodeURIComponent(present(v) ? scalar(v) : ''));
    } else if (p.in === 'query') query.push([p, v]);
    else if (p.in === 'header' && present(v)) headers[p.name] = scalar(v);
    else if (p.in === 'body' && v !== undefined && v !== '') body[p.name] = v;
  }
  const req: OperationRequest = {
    method: operation.method,
    url: appendQuery(joinPath(basePath, path), query),
    headers,
  };
  if (operation.body && (Object.keys(body).length > 0 || operation.body.required)) {
    req.body = body;
    req.headers['content-type'] = operation.body.contentType || 'application/json';
  }
  return req;
}
