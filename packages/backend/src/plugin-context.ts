/**
 * The plugin context Grafana sends with every request, in plain types: who asks (user, org),
 * which datasource or app (settings), and Grafana's per-request configuration.
 */
import {
  AppSettings,
  DataSourceSettings,
  type AppSettingsWire,
  type DataSourceSettingsWire,
} from './settings';

/** The Grafana user a request runs for. Absent when Grafana itself asks (alerting, recording rules). */
export interface User {
  login: string;
  name: string;
  email: string;
  role: string;
}

/** Everything a handler knows about the request's origin. */
export interface PluginContext {
  orgId: number;
  pluginId: string;
  pluginVersion: string;
  userAgent: string;
  apiVersion: string;
  namespace: string;
  user?: User;
  dataSource?: DataSourceSettings;
  app?: AppSettings;
  grafanaConfig: GrafanaConfig;
}

/** Keys Grafana puts in the per-request config map (names as in the Go SDK). */
export const GrafanaConfigKeys = {
  appUrl: 'GF_APP_URL',
  concurrentQueryCount: 'GF_CONCURRENT_QUERY_COUNT',
  userFacingDefaultError: 'GF_USER_FACING_DEFAULT_ERROR',
  sqlRowLimit: 'GF_SQL_ROW_LIMIT',
  sqlMaxOpenConnsDefault: 'GF_SQL_MAX_OPEN_CONNS_DEFAULT',
  sqlMaxIdleConnsDefault: 'GF_SQL_MAX_IDLE_CONNS_DEFAULT',
  sqlMaxConnLifetimeSecondsDefault: 'GF_SQL_MAX_CONN_LIFETIME_SECONDS_DEFAULT',
  responseLimit: 'GF_RESPONSE_LIMIT',
  featureToggles: 'GF_INSTANCE_FEATURE_TOGGLES_ENABLE',
  appClientSecret: 'GF_PLUGIN_APP_CLIENT_SECRET',
} as const;

/** Config keys whose values are credentials and must not be serialised. */
const SECRET_CONFIG_KEY = /secret|password|token|private_key|client_key|api_key/i;

function positiveInt(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * Grafana's per-request configuration (`PluginContext.grafanaConfig`), with typed accessors for
 * the keys the Go SDK knows. Unknown or malformed numbers read as undefined, never NaN.
 */
export class GrafanaConfig {
  readonly #values: ReadonlyMap<string, string>;

  constructor(values: Record<string, string> = {}) {
    this.#values = new Map(Object.entries(values));
  }

  /** Raw value of a key, or undefined. */
  get(key: string): string | undefined {
    return this.#values.get(key);
  }

  /** Grafana's public URL (`GF_APP_URL`), or undefined. */
  appUrl(): string | undefined {
    return this.get(GrafanaConfigKeys.appUrl) || undefined;
  }

  /** How many queries of one request may run at once (`GF_CONCURRENT_QUERY_COUNT`). */
  concurrentQueryCount(): number | undefined {
    return positiveInt(this.get(GrafanaConfigKeys.concurrentQueryCount));
  }

  /** Response size limit in bytes (`GF_RESPONSE_LIMIT`); undefined when unset or 0. */
  responseLimit(): number | undefined {
    return positiveInt(this.get(GrafanaConfigKeys.responseLimit));
  }

  /** Feature toggles enabled on this Grafana instance. */
  featureToggles(): string[] {
    const raw = this.get(GrafanaConfigKeys.featureToggles) ?? '';
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** True when the named feature toggle is enabled. */
  featureToggleEnabled(name: string): boolean {
    return this.featureToggles().includes(name);
  }

  /** Message Grafana shows instead of internal errors (`GF_USER_FACING_DEFAULT_ERROR`). */
  userFacingDefaultError(): string | undefined {
    return this.get(GrafanaConfigKeys.userFacingDefaultError) || undefined;
  }

  /** Max rows an SQL datasource should return (`GF_SQL_ROW_LIMIT`). */
  sqlRowLimit(): number | undefined {
    return positiveInt(this.get(GrafanaConfigKeys.sqlRowLimit));
  }

  /** All keys and values, with credential-like keys replaced by `[redacted]`. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.#values) out[k] = SECRET_CONFIG_KEY.test(k) ? '[redacted]' : v;
    return out;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `GrafanaConfig ${JSON.stringify(this.toJSON())}`;
  }
}

/** PluginContext as decoded from the wire by ts-proto (int64 as bigint). */
export interface PluginContextWire {
  orgId: bigint | number;
  pluginId: string;
  user?: User | undefined;
  appInstanceSettings?: AppSettingsWire | undefined;
  dataSourceInstanceSettings?: DataSourceSettingsWire | undefined;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
  apiVersion: string;
  namespace: string;
}

/**
 * Converts the wire PluginContext. A user without a login (or none) becomes `user: undefined`,
 * which is how alerting requests arrive. Throws `SettingsError` when the datasource's or app's
 * jsonData is not valid JSON.
 */
export function pluginContextFromWire(w: PluginContextWire | undefined): PluginContext {
  const ctx: PluginContext = {
    orgId: Number(w?.orgId ?? 0),
    pluginId: w?.pluginId ?? '',
    pluginVersion: w?.pluginVersion ?? '',
    userAgent: w?.userAgent ?? '',
    apiVersion: w?.apiVersion ?? '',
    namespace: w?.namespace ?? '',
    grafanaConfig: new GrafanaConfig(w?.grafanaConfig ?? {}),
  };
  const u = w?.user;
  if (u && u.login)
    ctx.user = { login: u.login, name: u.name ?? '', email: u.email ?? '', role: u.role ?? '' };
  if (w?.dataSourceInstanceSettings)
    ctx.dataSource = DataSourceSettings.fromWire(w.dataSourceInstanceSettings);
  if (w?.appInstanceSettings) ctx.app = AppSettings.fromWire(w.appInstanceSettings, ctx.pluginId || 'app');
  return ctx;
}
