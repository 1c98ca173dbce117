/**
 * Classification of anything thrown into a category plus options for a DsError. Pure (builds no
 * DsError itself) so `ds-error.ts` can import it without a cycle.
 * @module
 */
import {
  CATEGORY_INFO,
  ERROR_CATEGORIES,
  isErrorCategory,
  type ErrorCategory,
  type ErrorSourceKind,
} from './categories';
import type { DsErrorOptions } from './ds-error';

/** Context {@link DsError.from} may use to classify better. */
export interface FromHints {
  /** Correlation id to stamp on the result when it has none. */
  correlationId?: string;
  /** The configured time limit, named in a `timeout` message. */
  timeoutMs?: number;
  /** The signal of the work that failed: an `AbortError` is classified by its reason. */
  signal?: AbortSignal;
  /** The upstream URL involved (only its origin and path are ever shown). */
  url?: string;
  /** Category to use when nothing more specific is found (default `internal`). */
  fallback?: ErrorCategory;
}

/** A classification: the category and the options to build the DsError with. */
export interface Classification {
  category: ErrorCategory;
  options: DsErrorOptions;
}

/** The fields a DsError from any copy of the kit has; checked by shape, not class. */
export interface DsErrorLike {
  message: string;
  category: ErrorCategory;
  status: number;
  source: ErrorSourceKind;
  suggestion: string;
  retryable: boolean;
  retryAfterMs?: number;
  correlationId?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * True when `e` looks like a DsError (category from the closed set, status, source, message and
 * suggestion), whichever copy of the kit created it.
 */
export function isDsError(e: unknown): e is DsErrorLike {
  if (e === null || typeof e !== 'object') return false;
  const o = e as Partial<Record<keyof DsErrorLike, unknown>>;
  return (
    isErrorCategory(o.category) &&
    typeof o.status === 'number' &&
    (o.source === 'plugin' || o.source === 'downstream') &&
    typeof o.message === 'string' &&
    typeof o.suggestion === 'string' &&
    typeof o.retryable === 'boolean'
  );
}

/** Node and undici error codes: the transport failed before or while talking to the upstream. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const BAD_RESPONSE_CODES = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
]);
/** TLS failures: the upstream is there but its certificate (or ours) is not accepted. */
const TLS_CODE =
  /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_)/;

const UNAVAILABLE_WHY: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name could not be resolved (DNS failure)',
  EHOSTUNREACH: 'its host is unreachable',
  ENETUNREACH: 'its network is unreachable',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CLOSED: 'the connection closed unexpectedly',
};

/** Origin and path of a URL, never its query string or credentials (API keys live there). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0]?.replace(/\/\/[^/@]*@/, '//');
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}

/** Statuses that mean the plugin built a request the upstream cannot accept (Go SDK list). */
const PLUGIN_FAULT_STATUSES = new Set([405, 406, 412, 413, 414, 416, 417, 426, 431, 501]);

/** The category an upstream HTTP status implies (only for statuses ≥ 400). */
export function categoryForHttpStatus(status: number): ErrorCategory {
  if (status === 400 || status === 422) return 'invalid_query';
  if (status === 401 || status === 407) return 'authentication_failed';
  if (status === 403) return 'authorization_failed';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status === 502 || status === 503 || status === 504) return 'upstream_unavailable';
  if (PLUGIN_FAULT_STATUSES.has(status)) return 'internal';
  if (status >= 500) return 'server_error';
  return 'invalid_query';
}

/** What an upstream error body says, briefly: a JSON `message`/`error`/`detail`, else the text. */
export function upstreamReason(body: string | undefined, max = 200): string | undefined {
  if (!body) return undefined;
  let text = body;
  try {
    const j = JSON.parse(body) as unknown;
    if (j !== null && typeof j === 'object') {
      const o = j as Record<string, unknown>;
      const nested =
        o.error !== null && typeof o.error === 'object' ? (o.error as Record<string, unknown>) : {};
      const pick = [o.message, o.error_description, o.detail, o.error, nested.message, o.title].find(
        (v): v is string => typeof v === 'string' && v.trim() !== '',
      );
      if (pick) text = pick;
    }
  } catch {
    // not JSON: use the text
  }
  text = text.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function sentence(s: string): string {
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/** Options for {@link httpStatusClassification}. */
export interface HttpStatusInfo {
  url?: string;
  retryAfterMs?: number;
  bodySnippet?: string;
  method?: string;
}

/** The classification of an upstream answering `status` (≥ 400). */
export function httpStatusClassification(status: number, info: HttpStatusInfo = {}): Classification {
  const category = categoryForHttpStatus(status);
  const url = safeUrl(info.url);
  const reason = upstreamReason(info.bodySnippet);
  const details: Record<string, unknown> = { upstreamStatus: status };
  if (url) details.url = url;
  if (info.method) details.method = info.method.toUpperCase();
  if (reason) details.upstreamMessage = reason;
  const options: DsErrorOptions = { details };
  if (info.retryAfterMs !== undefined) options.retryAfterMs = info.retryAfterMs;
  const where = url ? ` for ${url}` : '';
  switch (category) {
    case 'invalid_query':
      options.message = reason
        ? sentence(`The upstream rejected the query: ${reason}`)
        : `The upstream rejected the query (HTTP ${status}).`;
      break;
    case 'not_found':
      options.message = `The upstream has no such resource (HTTP ${status}${where}).`;
      break;
    case 'server_error':
      options.message = `The upstream failed with an internal error (HTTP ${status}).`;
      break;
    case 'upstream_unavailable':
      options.message = `The upstream is unavailable (HTTP ${status}).`;
      break;
    case 'internal':
      options.message = `The upstream refused the request the plugin built (HTTP ${status}${where}).`;
      options.suggestion = "Report this to the plugin's maintainers with the correlation id.";
      break;
    default:
      break;
  }
  return { category, options };
}

type Node = Record<string, unknown>;

function field(o: Node, key: string): unknown {
  try {
    return o[key];
  } catch {
    return undefined; // getters may throw
  }
}

function validHttpStatus(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 400 && v <= 599 ? v : undefined;
}

/** Classifies one node of the cause chain; undefined when it says nothing specific. */
function classifyNode(o: Node, hints: FromHints): Classification | undefined {
  const name = field(o, 'name');
  const code = field(o, 'code');
  if (name === 'TimeoutError' || name === 'DeadlineExceededError' || code === 'deadline_exceeded') {
    const options: DsErrorOptions = { cause: o };
    if (hints.timeoutMs !== undefined) options.timeoutMs = hints.timeoutMs;
    return { category: 'timeout', options };
  }
  if (name === 'CancelledError' || code === 'cancelled')
    return { category: 'cancelled', options: { cause: o } };
  if (name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') {
    // An abort says nothing by itself; the reason of the signal that aborted does.
    const reason = hints.signal?.aborted ? hints.signal.reason : undefined;
    if (reason !== undefined && reason !== o) {
      const inner = classifyChain(reason, { ...hints, signal: undefined });
      if (inner) return { ...inner, options: { ...inner.options, cause: o } };
    }
    return undefined; // keep walking; without anything better it is a cancellation
  }
  if (typeof code === 'string') {
    const url = safeUrl(hints.url);
    const host = hostOf(hints.url);
    const details: Record<string, unknown> = { code };
    if (url) details.url = url;
    if (UNAVAILABLE_CODES.has(code)) {
      const why = UNAVAILABLE_WHY[code];
      const message = why
        ? `The upstream${host ? ` at ${host}` : ''} could not be reached: ${why}.`
        : `The upstream${host ? ` at ${host}` : ''} could not be reached.`;
      return { category: 'upstream_unavailable', options: { message, details, cause: o } };
    }
    if (TIMEOUT_CODES.has(code)) {
      const options: DsErrorOptions = { details, cause: o };
      if (hints.timeoutMs !== undefined) options.timeoutMs = hints.timeoutMs;
      else options.message = `The upstream${host ? ` at ${host}` : ''} took too long to answer.`;
      return { category: 'timeout', options };
    }
    if (BAD_RESPONSE_CODES.has(code)) return { category: 'bad_response', options: { details, cause: o } };
    if (TLS_CODE.test(code)) {
      return {
        category: 'upstream_unavailable',
        options: {
          message: `The upstream${host ? ` at ${host}` : ''} could not be reached: its TLS certificate was not accepted (${code}).`,
          suggestion:
            "Check the datasource's TLS settings (CA certificate, client certificate, server name).",
          details,
          cause: o,
        },
      };
    }
  }
  const status = validHttpStatus(field(o, 'status')) ?? validHttpStatus(field(o, 'statusCode'));
  if (status !== undefined) {
    const source = field(o, 'source') ?? field(o, 'errorSource');
    const message = field(o, 'message');
    // A 5xx the plugin declares its own fault is a plugin bug, not an upstream server error.
    const c: Classification =
      source === 'plugin' && status >= 500
        ? { category: 'internal', options: {} }
        : httpStatusClassification(status, { url: hints.url });
    c.options.cause = o;
    // A backend PluginError names its source on purpose: its author wrote the message for users.
    if ((source === 'plugin' || source === 'downstream') && typeof message === 'string' && message.trim()) {
      c.options.message = sentence(message.trim());
      c.options.source = source;
      if (c.category === 'internal') c.options.suggestion = CATEGORY_INFO.internal.suggestion;
    }
    const retryAfterMs = field(o, 'retryAfterMs');
    if (typeof retryAfterMs === 'number') c.options.retryAfterMs = retryAfterMs;
    return c;
  }
  return undefined;
}

/** Walks `e`, its `cause` chain and AggregateError `errors`, outermost first, at most 32 nodes. */
function classifyChain(e: unknown, hints: FromHints): Classification | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [e];
  let sawAbort = false;
  while (queue.length > 0 && seen.size < 32) {
    const cur = queue.shift();
    if (cur === null || typeof cur !== 'object' || seen.has(cur)) continue;
    seen.add(cur);
    if (isDsError(cur)) return fromShape(cur, e);
    const o = cur as Node;
    const name = field(o, 'name');
    if (name === 'AbortError' || field(o, 'code') === 'ABORT_ERR') sawAbort = true;
    const c = classifyNode(o, hints);
    if (c) {
      c.options.cause = e;
      return c;
    }
    const cause = field(o, 'cause');
    if (cause !== undefined) queue.push(cause);
    const errors = field(o, 'errors');
    if (Array.isArray(errors)) queue.push(...errors.slice(0, 8));
  }
  if (sawAbort) return { category: 'cancelled', options: { cause: e } };
  return undefined;
}

/** Rebuilds the options of a DsError-shaped object (another copy of the kit, or structured clone). */
function fromShape(d: DsErrorLike, outer: unknown): Classification {
  const options: DsErrorOptions = {
    message: d.message,
    suggestion: d.suggestion,
    status: d.status,
    source: d.source,
    retryable: d.retryable,
    cause: d.cause ?? (outer === d ? undefined : outer),
  };
  if (d.retryAfterMs !== undefined) options.retryAfterMs = d.retryAfterMs;
  if (d.correlationId !== undefined) options.correlationId = d.correlationId;
  if (d.details !== undefined) options.details = d.details;
  return { category: d.category, options };
}

/** Classifies anything; never throws. The default for the unknown is `hints.fallback` or `internal`. */
export function classify(e: unknown, hints: FromHints = {}): Classification {
  try {
    const c = classifyChain(e, hints);
    if (c) return c;
    // Something failed oddly after the work's signal aborted: the abort is the real story.
    const reason = hints.signal?.aborted ? hints.signal.reason : undefined;
    const viaSignal =
      reason === undefined ? undefined : classifyChain(reason, { ...hints, signal: undefined });
    if (viaSignal) return { ...viaSignal, options: { ...viaSignal.options, cause: e } };
  } catch {
    // a hostile object (throwing getters, proxies): fall through to internal
  }
  const category = hints.fallback && ERROR_CATEGORIES.includes(hints.fallback) ? hints.fallback : 'internal';
  return { category, options: { cause: e } };
}
