/**
 * `@dsforge/testing`: drive a built dsforge (or any Grafana backend) plugin from tests exactly as
 * Grafana does.
 */
export { startPlugin, type StartPluginOptions } from './start-plugin';
export {
  PluginClient,
  SHUTDOWN_GRACE_MS,
  StatusCode,
  type CallOptions,
  type HealthResult,
  type QueryResult,
  type ResourceRequest,
  type ResourceResult,
  type ShutdownResult,
  type StreamStatusResult,
} from './client';
export { PluginCallError, PluginStartError } from './errors';
export { findPluginBinary, pluginBinaryName, type PlatformSpec } from './find-binary';
export { parseHandshakeLine, HandshakeError, type Handshake } from './handshake';
export {
  parseLogLine,
  parseHclogTimestamp,
  StderrLogParser,
  type LogEntry,
  type LogLevel,
  type ProtocolViolation,
} from './log-parse';
export { GRAFANA_ENV, type ExitInfo } from './launch';
export {
  DEFAULT_USER,
  USER_AGENT,
  type DataSourceSettingsInit,
  type QueryInit,
  type UserInit,
} from './request';
export type { Frame } from './frames';
export * from './mock-upstream';
export * from './golden';
export * from './record-replay';
export * from './generated-package';
