/**
 * Building the protobuf request messages Grafana sends: the PluginContext (org, plugin, user,
 * datasource instance settings, Grafana config) and per-method requests.
 */
import type { pb } from './grpc';

type PluginContext = pb.PluginContext;

/** Datasource instance settings as configured in Grafana's datasource page. */
export interface DataSourceSettingsInit {
  id: number;
  uid: string;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  /** Any JSON value; sent as raw JSON bytes (a string is sent as its JSON encoding). */
  jsonData: unknown;
  /** Last update time; an instance is keyed on uid + this. */
  updated: Date;
}

/** The signed-in user Grafana forwards; `null` means none (alerting, background jobs). */
export interface UserInit {
  login: string;
  name: string;
  email: string;
  role: string;
}

/** Everything that goes into a PluginContext. */
export interface ContextInit {
  pluginId: string;
  pluginVersion: string;
  settings: DataSourceSettingsInit;
  secrets: Record<string, string>;
  user: UserInit | null;
  grafanaConfig: Record<string, string>;
}

/** Overrides a single call may apply on top of the client's defaults. */
export interface ContextOverrides {
  settings?: Partial<DataSourceSettingsInit>;
  secrets?: Record<string, string>;
  user?: UserInit | null;
  grafanaConfig?: Record<string, string>;
}

/** Grafana's user agent string for plugin requests. */
export const USER_AGENT = 'Grafana/12.4.0';

/** The admin user Grafana forwards for a dashboard query by the default admin. */
export const DEFAULT_USER: UserInit = {
  login: 'admin',
  name: 'Admin',
  email: 'admin@localhost',
  role: 'Admin',
};

/** Fills in the settings a freshly created Grafana datasource would have. */
export function defaultSettings(
  init: Partial<DataSourceSettingsInit> = {},
  now = new Date(),
): DataSourceSettingsInit {
  return {
    id: 1,
    uid: 'ds-uid-1',
    name: 'dsforge test datasource',
    url: '',
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: {},
    updated: now,
    ...init,
  };
}

/** Applies per-call overrides to the client's defaults. */
export function mergeContext(base: ContextInit, over: ContextOverrides = {}): ContextInit {
  return {
    ...base,
    settings: over.settings ? { ...base.settings, ...over.settings } : base.settings,
    secrets: over.secrets ?? base.secrets,
    user: over.user === undefined ? base.user : over.user,
    grafanaConfig: over.grafanaConfig ?? base.grafanaConfig,
  };
}

/** Encodes a value as JSON bytes for a `bytes` field (undefined → `{}`). */
export function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value ?? {}), 'utf8');
}

/** The PluginContext Grafana attaches to every request for a datasource. */
export function buildPluginContext(init: ContextInit): PluginContext {
  const s = init.settings;
  return {
    orgId: 1n,
    pluginId: init.pluginId,
    user: init.user ? { ...init.user } : undefined,
    appInstanceSettings: undefined,
    dataSourceInstanceSettings: {
      id: BigInt(s.id),
      name: s.name,
      url: s.url,
      user: s.user,
      database: s.database,
      basicAuthEnabled: s.basicAuthEnabled,
      basicAuthUser: s.basicAuthUser,
      jsonData: jsonBytes(s.jsonData),
      decryptedSecureJsonData: { ...init.secrets },
      lastUpdatedMS: BigInt(s.updated.getTime()),
      uid: s.uid,
      apiVersion: '',
    },
    grafanaConfig: { ...init.grafanaConfig },
    pluginVersion: init.pluginVersion,
    userAgent: USER_AGENT,
    apiVersion: '',
    namespace: 'default',
  };
}

/** One query as a test writes it. */
export interface QueryInit {
  refId: string;
  /** The query model; a string is sent as-is (for invalid-JSON tests), anything else JSON-encoded. */
  json: unknown;
  queryType?: string;
  timeRange?: { from: Date; to: Date };
  maxDataPoints?: number;
  intervalMs?: number;
}

/** Default time range: the last hour, as a dashboard would send. */
export function defaultTimeRange(now = new Date()): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - 3_600_000), to: now };
}

/** The protobuf DataQuery for one query. */
export function buildDataQuery(q: QueryInit, now = new Date()): pb.DataQuery {
  const range = q.timeRange ?? defaultTimeRange(now);
  return {
    refId: q.refId,
    maxDataPoints: BigInt(q.maxDataPoints ?? 1000),
    intervalMS: BigInt(q.intervalMs ?? 1000),
    timeRange: { fromEpochMS: BigInt(range.from.getTime()), toEpochMS: BigInt(range.to.getTime()) },
    json: typeof q.json === 'string' ? Buffer.from(q.json, 'utf8') : jsonBytes(q.json),
    queryType: q.queryType ?? '',
  };
}

/** Encodes optional stream/publish data: undefined → empty bytes, string → as-is, else JSON. */
export function optionalJsonBytes(data: unknown): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : jsonBytes(data);
}

/** Parses JSON bytes a plugin returned; empty → undefined, invalid → the text itself. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return undefined;
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
