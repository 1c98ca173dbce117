/**
 * CallResource as handlers see it: an HTTP-like request under
 * `/api/datasources/uid/<uid>/resources/<path>`, answered with one or more messages (the first
 * carries status and headers, every one a body chunk that Grafana flushes as it arrives).
 */
import type { RequestContext } from './handler';
import type { PluginContext } from './plugin-context';

/** A resource request. `path` has no leading slash; `url` is path plus `?query`. */
export interface CallResourceRequest {
  plugin: PluginContext;
  path: string;
  method: string;
  url: string;
  /** Header values as lists (HTTP allows repeats). */
  headers: Record<string, string[]>;
  body: Uint8Array;
}

/**
 * A resource answer. Give `body` (bytes or text) or `json` (serialised, content-type
 * `application/json` unless set).
 */
export interface CallResourceResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
  json?: unknown;
}

/** Streams a resource answer in pieces. */
export interface ResourceSender {
  /** Sends status, headers and the first body chunk. Only the first call's status/headers count. */
  send(response: CallResourceResponse): Promise<void>;
  /** Sends another body chunk (after {@link send}; before it, implies status 200). */
  sendBody(chunk: string | Uint8Array): Promise<void>;
  /** True once status and headers went out. */
  readonly headersSent: boolean;
}

/**
 * The `callResource` handler: either returns a response or streams one through `sender`.
 * A throw before anything was sent answers 500 JSON `{ "message": ... }`.
 */
export type CallResourceHandler<I = unknown> = (
  req: CallResourceRequest,
  ctx: RequestContext<I>,
  sender: ResourceSender,
) => Promise<void | CallResourceResponse>;

/** A resource message ready for the wire. */
export interface EncodedResourceMessage {
  code: number;
  headers: Record<string, string[]>;
  body: Uint8Array;
}

/** The request body as UTF-8 text. */
export function bodyText(req: Pick<CallResourceRequest, 'body'>): string {
  return Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength).toString('utf8');
}

/** Converts a handler's response; an invalid status becomes 500 (Grafana's Go server panics on <100). */
export function encodeResourceResponse(res: CallResourceResponse): EncodedResourceMessage {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(res.headers ?? {}))
    headers[k] = Array.isArray(v) ? v.map(String) : [String(v)];
  let body: Uint8Array = new Uint8Array();
  if (res.json !== undefined) {
    body = Buffer.from(JSON.stringify(res.json), 'utf8');
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
      headers['content-type'] = ['application/json'];
  } else if (typeof res.body === 'string') {
    body = Buffer.from(res.body, 'utf8');
  } else if (res.body instanceof Uint8Array) {
    body = res.body;
  }
  const code = Number.isInteger(res.status) && res.status >= 100 && res.status <= 599 ? res.status : 500;
  return { code, headers, body };
}
