/**
 * The kit's error categories as the frontend shows them. Mirrors `ERROR_CATEGORIES` of
 * `@dsforge/kit` (the UI does not import the kit: it runs in the browser).
 * @module
 */

/** Every category the kit reports. */
export const DSFORGE_ERROR_CATEGORIES = [
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

/** A kit error category. */
export type DsforgeErrorCategory = (typeof DSFORGE_ERROR_CATEGORIES)[number];

/** Short human labels, used as the error's title. */
export const CATEGORY_LABELS: Record<DsforgeErrorCategory, string> = {
  authentication_failed: 'Authentication failed',
  authorization_failed: 'Access denied',
  invalid_query: 'Invalid query',
  not_found: 'Not found',
  rate_limited: 'Rate limited',
  timeout: 'Timed out',
  upstream_unavailable: 'API unreachable',
  server_error: 'API error',
  bad_response: 'Unreadable response',
  circuit_open: 'Temporarily unavailable',
  internal: 'Plugin error',
  cancelled: 'Cancelled',
};

/** True when `v` is a category this UI knows. */
export function isDsforgeErrorCategory(v: unknown): v is DsforgeErrorCategory {
  return typeof v === 'string' && (DSFORGE_ERROR_CATEGORIES as readonly string[]).includes(v);
}

/** The label of `category`; unknown categories (a newer kit) get a generic one. */
export function categoryLabel(category: string): string {
  return isDsforgeErrorCategory(category) ? CATEGORY_LABELS[category] : 'Query failed';
}

/**
 * The category an error without a dsforge payload most likely has, from its HTTP-like status
 * (as the kit maps them), so plain errors still get a useful title.
 */
export function categoryFromStatus(status: number | undefined): DsforgeErrorCategory | undefined {
  switch (status) {
    case 400:
      return 'invalid_query';
    case 401:
      return 'authentication_failed';
    case 403:
      return 'authorization_failed';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limited';
    case 499:
      return 'cancelled';
    case 502:
      return 'bad_response';
    case 503:
      return 'upstream_unavailable';
    case 504:
      return 'timeout';
    case 500:
      return 'server_error';
    default:
      return undefined;
  }
}
