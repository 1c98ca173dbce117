/** hclog-compatible logging for the plugin process (stderr only). */
export {
  createLogger,
  loggerWithSecrets,
  noopLogger,
  parseLogLevel,
  writeStderr,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger';
export { formatTimestamp, toLogValue } from './format';
export { redactValues, isSensitiveKey, REDACTED, SENSITIVE_KEY, type ValueRedactor } from './redact';
export { parseLoggerParams, LOGGER_PARAMS_METADATA_KEY } from './params';
