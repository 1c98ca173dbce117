/**
 * The per-query response size limit: the sum of a query's encoded frame bytes. Grafana passes its
 * `[plugins] response_limit`-style setting as `GF_RESPONSE_LIMIT` (per-request config or env);
 * without it the runtime still caps a query at 64 MiB so one runaway query cannot exhaust memory
 * or the gRPC channel.
 */
import type { GrafanaConfig } from './plugin-context';

/** Default limit: 64 MiB of encoded frames per query. */
export const DEFAULT_RESPONSE_LIMIT = 64 * 1024 * 1024;

function positive(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The limit for a request: Grafana's per-request config, else env `GF_RESPONSE_LIMIT`, else 64 MiB. */
export function resolveResponseLimit(
  config: Pick<GrafanaConfig, 'responseLimit'> | undefined,
  env: Record<string, string | undefined> = process.env,
): number {
  return config?.responseLimit() ?? positive(env.GF_RESPONSE_LIMIT) ?? DEFAULT_RESPONSE_LIMIT;
}

/** The error text a query over the limit gets: what happened and what to do. */
export function responseLimitError(refId: string, bytes: number, limit: number): string {
  return (
    `response for query ${refId} is ${bytes} bytes, over the limit of ${limit} bytes; ` +
    'narrow the query (time range, filters) or raise GF_RESPONSE_LIMIT'
  );
}
