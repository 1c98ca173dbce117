/**
 * Contextual log parameters that Grafana attaches to each gRPC call.
 *
 * Grafana sends them as gRPC metadata under {@link LOGGER_PARAMS_METADATA_KEY}, one value per
 * parameter, each `key:::value` (SDK `backend/log/context_grpc.go`); the runtime adds them as
 * fields to the request's logger so plugin log lines correlate with Grafana's (e.g. `traceID`).
 */

/** gRPC metadata key carrying contextual log params. */
export const LOGGER_PARAMS_METADATA_KEY = 'loggerparamsctxmetadata';

const SEPARATOR = ':::';

/**
 * Parses `key:::value` strings into a record. The value may itself contain `:::` (split at the
 * first one); entries without a separator or with an empty key are ignored; later duplicates win.
 */
export function parseLoggerParams(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of values) {
    if (typeof raw !== 'string') continue;
    const i = raw.indexOf(SEPARATOR);
    if (i <= 0) continue;
    const key = raw.slice(0, i).trim();
    if (key === '') continue;
    out[key] = raw.slice(i + SEPARATOR.length);
  }
  return out;
}
