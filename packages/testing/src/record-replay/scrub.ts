/**
 * Scrubbing secrets from recorded exchanges before they are written: credential headers, query
 * parameters and JSON fields by name, known secret values anywhere, and a hook for the rest.
 * @module
 */
import { SCRUBBED, type RecordedExchange, type StoredBody } from './types';

/** What to scrub on top of the defaults. */
export interface ScrubOptions {
  /** Header names (case-insensitive), added to {@link DEFAULT_SCRUB_HEADERS}. */
  headers?: string[];
  /** Query parameter names matching this are scrubbed (default {@link SENSITIVE_NAME}). */
  sensitiveName?: RegExp;
  /** Exact secret values replaced wherever they occur (bodies, headers, query). */
  secrets?: string[];
  /** Last word: edit the exchange (already scrubbed by the rules above). */
  custom?: (x: RecordedExchange) => RecordedExchange;
}

/** Headers that carry credentials or session state. */
export const DEFAULT_SCRUB_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-amz-security-token',
  'x-grafana-id',
  'x-id-token',
];

/** Names of query parameters and JSON fields that hold secrets. */
export const SENSITIVE_NAME =
  /token|secret|password|passwd|api[_-]?key|apikey|signature|credential|session|auth|client[_-]?secret|access[_-]?key/i;

function scrubJson(v: unknown, name: RegExp): unknown {
  if (Array.isArray(v)) return v.map((x) => scrubJson(x, name));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [
        k,
        name.test(k) && (typeof x === 'string' || typeof x === 'number') ? SCRUBBED : scrubJson(x, name),
      ]),
    );
  }
  return v;
}

function replaceAll(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(SCRUBBED);
  return out;
}

function scrubBody(
  body: StoredBody,
  contentType: string | undefined,
  name: RegExp,
  secrets: string[],
): StoredBody {
  if (body.encoding !== 'utf8') return body;
  let data = body.data;
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(data)) {
    try {
      data = JSON.stringify(scrubJson(JSON.parse(data), name));
    } catch {
      // not JSON after all
    }
  } else if (/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const form = new URLSearchParams(data);
    for (const k of [...form.keys()]) if (name.test(k)) form.set(k, SCRUBBED);
    data = form.toString();
  }
  return { encoding: 'utf8', data: replaceAll(data, secrets) };
}

function scrubHeaders(
  h: Record<string, string>,
  names: Set<string>,
  secrets: string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h).map(([k, v]) => [k, names.has(k.toLowerCase()) ? SCRUBBED : replaceAll(v, secrets)]),
  );
}

/** A copy of `x` with secrets scrubbed (see {@link ScrubOptions}). */
export function scrubExchange(x: RecordedExchange, opts: ScrubOptions = {}): RecordedExchange {
  const names = new Set([...DEFAULT_SCRUB_HEADERS, ...(opts.headers ?? []).map((h) => h.toLowerCase())]);
  const name = opts.sensitiveName ?? SENSITIVE_NAME;
  const secrets = [...(opts.secrets ?? [])].sort((a, b) => b.length - a.length);
  const out: RecordedExchange = {
    v: 1,
    request: {
      method: x.request.method,
      path: replaceAll(x.request.path, secrets),
      query: x.request.query.map(([k, v]) => [k, name.test(k) ? SCRUBBED : replaceAll(v, secrets)]),
      headers: scrubHeaders(x.request.headers, names, secrets),
      body: scrubBody(x.request.body, x.request.headers['content-type'], name, secrets),
    },
    response: {
      status: x.response.status,
      headers: scrubHeaders(x.response.headers, names, secrets),
      body: scrubBody(x.response.body, x.response.headers['content-type'], name, secrets),
    },
  };
  return opts.custom ? opts.custom(out) : out;
}
