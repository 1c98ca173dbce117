/**
 * API key authentication: the key in a header (optionally after a prefix such as `Token ` or
 * `ApiKey `) or in a query parameter.
 * @module
 */
import { SettingsError } from '@dsforge/backend';

import { upstreamMiddleware, type Fetch, type UpstreamMiddleware, type UpstreamResponse } from '../types';
import { redactError, redactText } from './redact';
import { jsonString, requireSecret, type AuthSettings } from './settings-read';
import { checkHeaderName, checkHeaderValue, staticHeaders, type OverwriteOption } from './static-header';

/** Middleware name of {@link apiKeyAuth}. */
export const API_KEY_AUTH = 'auth.apiKey';

/** Options for {@link apiKeyAuth}. Each value wins over the jsonData setting of the same role. */
export interface ApiKeyAuthOptions extends OverwriteOption {
  /** secureJsonData key of the API key. Default `apiKey`. */
  secretKey?: string;
  /** Where the key goes. Default: jsonData `apiKeyIn`, else `header`. */
  in?: 'header' | 'query';
  /** Header name. Default: jsonData `apiKeyHeader`, else `X-API-Key`. */
  header?: string;
  /** Text before the key in the header, e.g. `Token `. Default: jsonData `apiKeyPrefix`, else none. */
  prefix?: string;
  /** Query parameter name. Default: jsonData `apiKeyParam`, else `api_key`. */
  param?: string;
}

/** Appends `name=value` to a URL (absolute or relative) unless `name` is already there. */
export function addQueryParam(url: string, name: string, value: string, overwrite = false): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const qAt = base.indexOf('?');
  const path = qAt >= 0 ? base.slice(0, qAt) : base;
  const params = new URLSearchParams(qAt >= 0 ? base.slice(qAt + 1) : '');
  if (params.has(name) && !overwrite) return url;
  params.set(name, value);
  return `${path}?${params.toString()}${hash}`;
}

/**
 * Sends the API key on every request.
 *
 * Settings, in order of precedence (for each of in/header/prefix/param):
 * 1. the option of that name;
 * 2. jsonData `apiKeyIn`, `apiKeyHeader`, `apiKeyPrefix`, `apiKeyParam`;
 * 3. defaults `header`, `X-API-Key`, no prefix, `api_key`.
 * The key itself only from the secret `opts.secretKey` (default `apiKey`).
 *
 * A header or query parameter of the same name already on the request is kept unless
 * `opts.overwrite`. In query mode the key is part of the URL, so errors and responses from inner
 * layers have it replaced by `[redacted]` before they leave this middleware.
 * Throws `SettingsError` when the key is missing, `apiKeyIn` is neither `header` nor `query`, or
 * the header name is invalid.
 *
 * @example
 * // jsonData { apiKeyHeader: 'Authorization', apiKeyPrefix: 'Token ' }, secureJsonData { apiKey }
 * const auth = apiKeyAuth(settings); // Authorization: Token <key>
 */
export function apiKeyAuth(settings: AuthSettings, opts: ApiKeyAuthOptions = {}): UpstreamMiddleware {
  const secretKey = opts.secretKey ?? 'apiKey';
  const key = requireSecret(settings, secretKey, 'The API key');
  const where = opts.in ?? jsonString(settings, 'apiKeyIn') ?? 'header';
  if (where !== 'header' && where !== 'query') {
    throw new SettingsError(`jsonData.apiKeyIn must be "header" or "query", not ${JSON.stringify(where)}.`);
  }
  if (where === 'header') {
    const header = checkHeaderName(
      opts.header ?? jsonString(settings, 'apiKeyHeader') ?? 'X-API-Key',
      'jsonData.apiKeyHeader',
    );
    // The prefix is kept as typed (trailing space included): `Token ` vs `Token` is the admin's call.
    const jd = settings.jsonData as Record<string, unknown>;
    const prefix = opts.prefix ?? (typeof jd?.apiKeyPrefix === 'string' ? jd.apiKeyPrefix : '');
    checkHeaderValue(prefix, 'jsonData.apiKeyPrefix');
    return staticHeaders(
      API_KEY_AUTH,
      [[header, `${prefix}${checkHeaderValue(key, `secureJsonData.${secretKey}`)}`]],
      opts.overwrite,
      [key],
    );
  }
  const param = opts.param ?? jsonString(settings, 'apiKeyParam') ?? 'api_key';
  const secrets = [key];
  return upstreamMiddleware(API_KEY_AUTH, (next: Fetch): Fetch => async (req) => {
    let res: UpstreamResponse;
    try {
      res = await next({ ...req, url: addQueryParam(req.url, param, key, opts.overwrite) });
    } catch (err) {
      throw redactError(err, secrets);
    }
    return redactResponse(res, secrets);
  });
}

/** The response with its URL scrubbed, and `json()` errors (which name the URL) scrubbed too. */
function redactResponse(res: UpstreamResponse, secrets: string[]): UpstreamResponse {
  return {
    ...res,
    url: redactText(res.url, secrets),
    text: () => res.text(),
    json: <T>() => {
      try {
        return res.json<T>();
      } catch (err) {
        throw redactError(err, secrets);
      }
    },
  };
}
