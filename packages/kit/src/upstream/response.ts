/**
 * Building an {@link UpstreamResponse} from a fully read body, and short body snippets for
 * error messages.
 * @module
 */
import { dsError, safeUrl } from '../errors';
import type { UpstreamResponse } from '../types';

const decoder = new TextDecoder('utf-8');

/**
 * A short, single-line excerpt of a body for errors: the first `max` characters with control
 * characters collapsed. Only the body is ever quoted — never request or response headers, where
 * credentials live.
 */
export function bodySnippet(body: Uint8Array | string, max = 200): string {
  // Decode a little more than needed: a multi-byte character cut at the end would show as �.
  const text = typeof body === 'string' ? body : decoder.decode(body.subarray(0, max * 4));
  // eslint-disable-next-line no-control-regex -- control characters are exactly what goes
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Wraps a fully read response. `text()` decodes UTF-8 (invalid bytes become U+FFFD); `json()`
 * parses the body and throws a `bad_response` DsError naming the (redacted) URL and quoting the
 * start of the body when it is not JSON — an HTML login page or a body cut short by a proxy.
 */
export function makeResponse(
  status: number,
  headers: Record<string, string>,
  body: Uint8Array,
  url: string,
): UpstreamResponse {
  let text: string | undefined;
  const getText = () => (text ??= decoder.decode(body));
  return {
    status,
    headers,
    body,
    url,
    text: getText,
    json<T = unknown>(): T {
      const t = getText();
      try {
        return JSON.parse(t) as T;
      } catch (err) {
        const snippet = bodySnippet(t, 80);
        const shown = t.trim() === '' ? 'an empty body' : `a body starting "${snippet}"`;
        const where = safeUrl(url) ?? 'the upstream';
        throw dsError('bad_response', {
          message: `The upstream sent invalid JSON from ${where}: ${shown}.`,
          details: { url: where, status, bodySnippet: snippet, bytes: body.byteLength },
          cause: err,
        });
      }
    },
  };
}

/** Flattens undici's header record (arrays for repeated headers) to lowercase `name → value`. */
export function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
