/**
 * The closed set of error categories and what each one means for the user, Grafana and the
 * resilience middlewares: HTTP-like status, error source, retryability and the default sentences.
 * @module
 */

/** Who caused an error: the plugin itself or the system it queries (Grafana's errorSource). */
export type ErrorSourceKind = 'plugin' | 'downstream';

/** Every category a {@link DsError} can have. The set is closed: code may switch on it exhaustively. */
export const ERROR_CATEGORIES = [
  'authentication_failed',
  'authorization_failed',
  'invalid_query',
  'not_found',
  'rate_limited',
  'timeout',
  'upstream_unavailable',
  'server_error',
  'bad_response',
  'circuit_open',
  'internal',
  'cancelled',
] as const;

/** An error category; see {@link CATEGORY_INFO} for status, source and default sentences. */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** The fixed facts of one category. */
export interface CategoryInfo {
  /** HTTP-like status put on the DataResponse. */
  status: number;
  /** Grafana errorSource: who is at fault. */
  source: ErrorSourceKind;
  /**
   * Whether repeating the same request may succeed. For `rate_limited` and `circuit_open` only
   * after `retryAfterMs`; for `server_error` only for idempotent requests; for `timeout` only
   * while the deadline allows. The retry middleware applies those conditions.
   */
  retryable: boolean;
  /** Default user sentence: what happened. */
  message: string;
  /** Default user sentence: what to do about it. */
  suggestion: string;
}

/**
 * The category table. `cancelled` is not in the table: it marks work stopped because
 * Grafana (the user closing the panel, a newer refresh) cancelled the request, so it is never
 * reported as a timeout, never counted as an upstream failure and never retried. Nobody reads the
 * answer to a cancelled request; 499 is nginx's (and Grafana's) "client closed request".
 */
export const CATEGORY_INFO: Readonly<Record<ErrorCategory, Readonly<CategoryInfo>>> = {
  authentication_failed: {
    status: 401,
    source: 'downstream',
    retryable: false,
    message: 'Datasource authentication failed. Credentials might be expired.',
    suggestion: 'Contact an admin to refresh them.',
  },
  authorization_failed: {
    status: 403,
    source: 'downstream',
    retryable: false,
    message: "The datasource's credentials are not allowed to read this data.",
    suggestion: "Ask an admin to grant the datasource's account access, or query data it can read.",
  },
  invalid_query: {
    status: 400,
    source: 'plugin',
    retryable: false,
    message: 'The query is not valid.',
    suggestion: "Check the query's fields and syntax, then run it again.",
  },
  not_found: {
    status: 404,
    source: 'downstream',
    retryable: false,
    message: 'The upstream has no such resource.',
    suggestion: 'Check the names in the query and the datasource URL.',
  },
  rate_limited: {
    status: 429,
    source: 'downstream',
    retryable: true,
    message: 'The upstream is rate limiting requests.',
    suggestion: 'Wait a moment and try again, or refresh dashboards less often.',
  },
  timeout: {
    status: 504,
    source: 'downstream',
    retryable: true,
    message: 'Query took too long.',
    suggestion: 'Reduce the time range or add filters.',
  },
  upstream_unavailable: {
    status: 503,
    source: 'downstream',
    retryable: true,
    message: 'The upstream could not be reached.',
    suggestion: 'Check the datasource URL and that the service is running, then try again.',
  },
  server_error: {
    status: 500,
    source: 'downstream',
    retryable: true,
    message: 'The upstream failed with an internal error.',
    suggestion: "Try again later; if it persists, contact the upstream service's operators.",
  },
  bad_response: {
    status: 502,
    source: 'downstream',
    retryable: false,
    message: 'The upstream sent a response the datasource cannot read.',
    suggestion: 'Check that the datasource URL points at the right API, or narrow the query.',
  },
  circuit_open: {
    status: 503,
    source: 'plugin',
    retryable: true,
    message: 'Datasource temporarily unavailable.',
    suggestion: 'The datasource retries automatically; wait and refresh.',
  },
  internal: {
    status: 500,
    source: 'plugin',
    retryable: false,
    message: 'The datasource plugin failed unexpectedly.',
    suggestion: "Report this to the plugin's maintainers with the correlation id.",
  },
  cancelled: {
    status: 499,
    source: 'downstream',
    retryable: false,
    message: 'The query was cancelled.',
    suggestion: 'Run the query again if you still need its result.',
  },
};

/** True when `v` is one of {@link ERROR_CATEGORIES}. */
export function isErrorCategory(v: unknown): v is ErrorCategory {
  return typeof v === 'string' && (ERROR_CATEGORIES as readonly string[]).includes(v);
}

/**
 * A duration as users read it in messages: `250ms`, `1.5s`, `30s`, `120s`. The configured figure
 * is shown as configured, so no rounding to minutes.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unlimited';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.round(ms / 100) / 10;
  return `${s}s`;
}
