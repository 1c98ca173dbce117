/**
 * The upstream client of one datasource instance: auth from the settings, the upstream middleware
 * list (defaults, replaced or edited), then `createUpstream` (or the caller's `create`). A
 * datasource whose auth settings are unusable still gets a client — one that answers every call
 * with the reason (see {@link misconfiguredAuth}).
 * @module
 */
import { SettingsError, type DataSourceSettings } from '@dsforge/backend';

import { authFromSettings, type AuthSetup } from './auth';
import type { Clock } from './clock';
import { defaultUpstreamMiddlewares } from './defaults';
import { DsError } from './errors';
import type { CreateDatasourceOptions } from './pipeline';
import type { Fetch } from './types';
import { createUpstream } from './upstream';

/** The upstream client `createDatasource` gives an instance for `settings`. */
export function upstreamFor<Q, I>(
  opts: CreateDatasourceOptions<Q, I>,
  settings: DataSourceSettings,
  clock: Clock,
): Fetch {
  const u = opts.upstream ?? {};
  // One read of the auth settings gives both the middlewares and the TLS options (mTLS).
  let auth: AuthSetup;
  try {
    auth = authFromSettings(settings, u.authOptions);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    return misconfiguredAuth(err);
  }
  const defaults = () => defaultUpstreamMiddlewares(settings, { auth: auth.middlewares, ...u, clock });
  const list = u.middlewares ?? (u.configure ? u.configure(defaults(), settings) : defaults());
  if (u.create) return u.create(settings, list, clock, auth.tls);
  return createUpstream(settings, {
    configure: () => list,
    clock,
    ...(auth.tls ? { tls: auth.tls } : {}),
    ...(u.timeouts ? { timeouts: u.timeouts } : {}),
  });
}

/**
 * The upstream of a datasource whose auth settings are missing or invalid (no API key saved, an
 * unknown authType): every call fails with `authentication_failed` naming the setting. The
 * instance still comes up, so each query and "Save & test" answer with that categorized,
 * actionable error — a failed instance would be one uncategorized 500 for everything. Nothing is
 * sent upstream without its credentials.
 */
function misconfiguredAuth(err: SettingsError): Fetch {
  return () =>
    Promise.reject(
      new DsError('authentication_failed', {
        message: err.message,
        suggestion:
          "Fix the authentication settings on the datasource's settings page (or its provisioning file), then Save & test.",
        cause: err,
      }),
    );
}

export async function closeFetch(fetch: Fetch): Promise<void> {
  const close = (fetch as { close?: () => unknown }).close;
  if (typeof close === 'function') await close.call(fetch);
}
