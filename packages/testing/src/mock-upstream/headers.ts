/** Node's incoming header record (arrays for repeated headers) as lowercase `name → value`. */
import type { IncomingHttpHeaders } from 'node:http';

/** Repeated headers are joined with `, `, as HTTP allows for list-valued headers. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}
