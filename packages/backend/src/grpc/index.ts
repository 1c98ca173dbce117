/**
 * `@dsforge/backend/internal/grpc`: generated service definitions and message codecs, for hosts
 * that talk to a plugin (`@dsforge/testing`). Not for plugin code.
 */
export * as pluginv2 from './gen/pluginv2';
export * as goplugin from './gen/goplugin';
export * as health from './gen/health';
export { DataService, DiagnosticsService, ResourceService, StreamService } from './gen/pluginv2';
export { GRPCControllerService, GRPCStdioService, GRPCBrokerService } from './gen/goplugin';
export { HealthService } from './gen/health';
export { decodeErrorSource, encodeStatusDetails } from './status-details';
export {
  formatHandshakeLine,
  negotiateProtocolVersion,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
} from './handshake';
