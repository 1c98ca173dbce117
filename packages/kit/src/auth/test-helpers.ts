/**
 * Test helpers for the auth providers (not exported from the package): settings from plain
 * objects, a recording in-process Fetch, and request contexts with or without a user.
 * @module
 */
import { DataSourceSettings, type User } from '@dsforge/backend';

import type { Fetch, UpstreamRequest, UpstreamResponse } from '../types';

/** Settings as Grafana would send them. */
export function settingsOf(init: {
  jsonData?: Record<string, unknown>;
  secrets?: Record<string, string>;
  url?: string;
  user?: string;
  basicAuthUser?: string;
  basicAuthEnabled?: boolean;
}): DataSourceSettings {
  return DataSourceSettings.fromWire({
    id: 1,
    uid: 'ds-uid',
    name: 'Test datasource',
    url: init.url ?? 'http://upstream.invalid',
    user: init.user ?? '',
    database: '',
    basicAuthEnabled: init.basicAuthEnabled ?? false,
    basicAuthUser: init.basicAuthUser ?? '',
    jsonData: Buffer.from(JSON.stringify(init.jsonData ?? {})),
    decryptedSecureJsonData: init.secrets ?? {},
    lastUpdatedMS: 1,
    apiVersion: '',
  });
}

/** A response object as the upstream layer returns it. */
export function response(
  status: number,
  body: unknown = {},
  url = 'http://upstream.invalid/',
): UpstreamResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const bytes = new TextEncoder().encode(text);
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: bytes,
    url,
    text: () => text,
    json: <T>() => JSON.parse(text) as T,
  };
}

/** An in-process Fetch that records requests and answers with `answer` (default 200 `{}`). */
export function recordingFetch(
  answer: (req: UpstreamRequest) => UpstreamResponse | Promise<UpstreamResponse> = () => response(200),
) {
  const requests: UpstreamRequest[] = [];
  const fetch: Fetch = async (req) => {
    requests.push(req);
    return answer(req);
  };
  return { fetch, requests };
}

/** A user as Grafana sends it. */
export const ALICE: User = { login: 'alice', name: 'Alice', email: 'alice@example.com', role: 'Viewer' };

/** A request with a query context: a user (or none, for alerting) and forwarded headers. */
export function request(
  url: string,
  opts: {
    user?: User;
    forwarded?: Record<string, string>;
    headers?: Record<string, string>;
    method?: string;
  } = {},
): UpstreamRequest {
  return {
    url,
    method: opts.method ?? 'GET',
    headers: opts.headers ?? {},
    signal: new AbortController().signal,
    context: {
      user: opts.user,
      headers: opts.forwarded ?? {},
      correlationId: 'test-correlation',
    } as UpstreamRequest['context'],
  };
}
