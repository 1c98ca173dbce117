/**
 * Test doubles for query-layer tests: a recording logger, plugin contexts with datasource
 * settings, a query and a QueryContext on a fake clock. Not exported from the package.
 * @module
 */
import {
  DataSourceSettings,
  GrafanaConfig,
  type DataQuery,
  type Logger,
  type PluginContext,
  type User,
} from '@dsforge/backend';

import { createFakeClock, type FakeClock } from './clock';
import type { Fetch, QueryContext } from './types';

/** One recorded log entry. */
export interface LogEntry {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that records entries (child loggers share the record). */
export function recordingLogger(
  entries: LogEntry[] = [],
  base: Record<string, unknown> = {},
): Logger & { entries: LogEntry[] } {
  const at =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      void entries.push({ level, msg, fields: { ...base, ...fields } });
  return {
    entries,
    level: 'trace',
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    with: (fields) => recordingLogger(entries, { ...base, ...fields }),
  };
}

/** Datasource settings as Grafana would send them. */
export function settings(
  jsonData: Record<string, unknown> = {},
  secrets: Record<string, string> = {},
  url = 'http://upstream.test',
): DataSourceSettings {
  return DataSourceSettings.fromWire({
    id: 1,
    uid: 'ds-uid',
    name: 'Test DS',
    url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: Buffer.from(JSON.stringify(jsonData)),
    decryptedSecureJsonData: secrets,
    lastUpdatedMS: 1,
    apiVersion: '',
  });
}

/** A plugin context for a datasource request. */
export function pluginContext(ds: DataSourceSettings = settings(), user?: User): PluginContext {
  return {
    orgId: 1,
    pluginId: 'test-ds',
    pluginVersion: '1.0.0',
    userAgent: 'grafana',
    apiVersion: '',
    namespace: 'default',
    dataSource: ds,
    grafanaConfig: new GrafanaConfig({}),
    ...(user ? { user } : {}),
  };
}

/** One query with the given JSON. */
export function dataQuery<Q = unknown>(json: unknown = {}, refId = 'A'): DataQuery<Q> {
  return {
    refId,
    queryType: '',
    maxDataPoints: 100,
    intervalMs: 1000,
    timeRange: { from: new Date(0), to: new Date(3_600_000) },
    json,
    query: json as Q,
  };
}

/** A QueryContext on a fake clock; `cancel()` aborts as Grafana would. */
export function fakeContext(over: Partial<QueryContext> & { clock?: FakeClock } = {}): QueryContext & {
  clock: FakeClock;
  logger: ReturnType<typeof recordingLogger>;
  cancel(reason?: unknown): void;
} {
  const ac = new AbortController();
  const clock = over.clock ?? createFakeClock();
  const logger = recordingLogger();
  const fetch: Fetch = () => Promise.reject(new Error('no upstream in this test'));
  return {
    plugin: pluginContext(),
    instance: undefined,
    signal: ac.signal,
    remainingMs: () => Number.POSITIVE_INFINITY,
    headers: {},
    fetch,
    correlationId: 'corr1234',
    ...over,
    clock,
    logger,
    cancel: (reason?: unknown) => ac.abort(reason),
  };
}

/** A promise that settles when `signal` aborts, rejecting with its reason (a query honouring the signal). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
