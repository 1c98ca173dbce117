/**
 * Grafana's custom HTTP headers: jsonData `httpHeaderName1..N` with the values in secrets
 * `httpHeaderValue1..N` (values are secret because they are usually credentials).
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import type { UpstreamMiddleware } from '../types';
import type { AuthSettings } from './settings-read';
import { checkHeaderName, checkHeaderValue, staticHeaders, type OverwriteOption } from './static-header';

/** Middleware name of {@link customHeaders}. */
export const CUSTOM_HEADERS = 'auth.customHeaders';

const NAME_KEY = /^httpHeaderName(\d+)$/;

/**
 * The configured custom headers, in index order, as `[name, value]` pairs. Reads every jsonData
 * key `httpHeaderName<N>` (gaps in the numbering are fine; empty names are skipped) and the
 * secret `httpHeaderValue<N>` (missing = empty value). Throws `SettingsError` for an invalid
 * header name or a value with a line break, and when two entries name the same header.
 */
export function customHeaderPairs(settings: AuthSettings): [string, string][] {
  const jd = (settings.jsonData ?? {}) as Record<string, unknown>;
  const found: { n: number; name: string; value: string }[] = [];
  for (const [k, v] of Object.entries(jd)) {
    const m = NAME_KEY.exec(k);
    if (!m || typeof v !== 'string' || v.trim() === '') continue;
    const n = Number(m[1]);
    const name = checkHeaderName(v.trim(), `jsonData.${k}`);
    const value = checkHeaderValue(
      settings.secret(`httpHeaderValue${n}`) ?? '',
      `secureJsonData.httpHeaderValue${n}`,
    );
    found.push({ n, name, value });
  }
  found.sort((a, b) => a.n - b.n);
  const seen = new Map<string, number>();
  for (const f of found) {
    const prev = seen.get(f.name.toLowerCase());
    if (prev !== undefined) {
      throw new SettingsError(
        `Custom headers ${prev} and ${f.n} both set "${f.name}"; remove one of them in the datasource settings.`,
      );
    }
    seen.set(f.name.toLowerCase(), f.n);
  }
  return found.map((f) => [f.name, f.value]);
}

/**
 * Sends the datasource's custom headers on every request. A header of the same name already on
 * the request is kept unless `opts.overwrite`. With no custom headers configured the middleware
 * passes requests through unchanged.
 *
 * Placed outside the auth provider (as {@link authFromSettings} does), a custom `Authorization`
 * header wins over the provider's, as in Grafana's own HTTP client.
 *
 * @example
 * // jsonData { httpHeaderName1: 'X-Org' }, secureJsonData { httpHeaderValue1: '42' }
 * const headers = customHeaders(settings);
 */
export function customHeaders(settings: AuthSettings, opts: OverwriteOption = {}): UpstreamMiddleware {
  return staticHeaders(CUSTOM_HEADERS, customHeaderPairs(settings), opts.overwrite);
}
