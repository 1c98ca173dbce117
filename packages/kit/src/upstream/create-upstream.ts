/**
 * {@link createUpstream}: a datasource instance's upstream client from its settings — the bottom
 * fetch with the settings' URL and timeouts, wrapped in the default middlewares.
 * @module
 */
import type { DataSourceSettings } from '@dsforge/backend';
import type { buildConnector } from 'undici';

import type { Clock } from '../clock';
import type { UpstreamMiddleware, UpstreamTimeouts } from '../types';
import { composeUpstream } from './compose';
import { createFetch, type UpstreamFetch } from './create-fetch';
import type { TlsOptions } from './request-options';
import { tagErrors } from './tag-errors';
import { timeoutsFromJsonData } from './timeouts';
import { userAgent } from './user-agent';

/** Options of {@link createUpstream}. */
export interface CreateUpstreamOptions {
  /** Middlewares between the user agent and error tagging — auth goes here. */
  middlewares?: UpstreamMiddleware[];
  /**
   * Edits the default list `[userAgent, ...middlewares, tagErrors]` (first is outermost) and
   * returns the list to use: reorder, remove, insert. Duplicate names throw.
   */
  configure?(defaults: UpstreamMiddleware[]): UpstreamMiddleware[];
  /** Plugin defaults; the datasource's jsonData `timeout`/`dialTimeout` override them. */
  timeouts?: Partial<UpstreamTimeouts>;
  /** Response size limit in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** TLS options (e.g. from the mTLS auth provider); override jsonData's TLS switches. */
  tls?: TlsOptions;
  /** Clock for timeouts and Retry-After (tests pass a fake one). */
  clock?: Clock;
  /** User-Agent value (default `dsforge/<version> (Grafana plugin)`; '' sends none). */
  userAgent?: string;
  /** Replaces undici's connector (tests, special transports); see {@link createFetch}. */
  connector?: buildConnector.connector;
}

/**
 * TLS switches Grafana's HTTP settings keep in jsonData: `tlsSkipVerify` and `serverName`.
 * Certificates live in secureJsonData and come in through `opts.tls` (the mTLS auth provider).
 */
function tlsFromJsonData(jsonData: unknown): TlsOptions {
  if (jsonData === null || typeof jsonData !== 'object') return {};
  const j = jsonData as Record<string, unknown>;
  const out: TlsOptions = {};
  if (j.tlsSkipVerify === true) out.rejectUnauthorized = false;
  if (typeof j.serverName === 'string' && j.serverName !== '') out.servername = j.serverName;
  return out;
}

/**
 * The upstream client of one datasource instance. Base URL: `settings.url`. Timeouts: defaults
 * (connect 10 s, first byte 30 s, total 30 s) < `opts.timeouts` < the admin's jsonData
 * `timeout`/`dialTimeout` (seconds, Grafana's convention) — the admin knows their upstream.
 * Middlewares, first outermost: `[userAgent(), ...opts.middlewares, tagErrors()]`, edited by
 * `opts.configure`. Auth sits inside the user agent and outside `tagErrors`, so it sees a 401 as
 * an `authentication_failed` DsError (with `status` 401) it can react to.
 *
 * Call `close()` when the instance is disposed: it owns a connection pool.
 */
export function createUpstream(
  settings: DataSourceSettings,
  opts: CreateUpstreamOptions = {},
): UpstreamFetch {
  const bottom = createFetch({
    ...(settings.url ? { baseUrl: settings.url } : {}),
    timeouts: { ...opts.timeouts, ...timeoutsFromJsonData(settings.jsonData) },
    ...(opts.maxResponseBytes === undefined ? {} : { maxResponseBytes: opts.maxResponseBytes }),
    tls: { ...tlsFromJsonData(settings.jsonData), ...opts.tls },
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.connector ? { connector: opts.connector } : {}),
  });
  const defaults = [
    userAgent(opts.userAgent),
    ...(opts.middlewares ?? []),
    tagErrors(opts.clock ? { clock: opts.clock } : {}),
  ];
  const chain = opts.configure ? opts.configure(defaults) : defaults;
  let fetch;
  try {
    fetch = composeUpstream(chain, bottom);
  } catch (err) {
    void bottom.close();
    throw err;
  }
  return Object.assign(fetch, { close: () => bottom.close() });
}
