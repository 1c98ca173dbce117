/**
 * Mock upstream for testing datasources: scripted HTTP scenarios, auth endpoints, an mTLS
 * listener and a request log. See the README section "Mock upstream".
 * @module
 */
export { mockUpstream } from './server';
export type { Exchange, MockUpstream, MockUpstreamOptions, RequestRecord, Scenario } from './types';
export {
  echo,
  fixture,
  flaky,
  hang,
  hugeBody,
  latency,
  malformedJson,
  reset,
  sequence,
  slowDrip,
  status,
  truncatedJson,
  type FixtureOptions,
  type FlakyOptions,
  type HugeBodyOptions,
  type SlowDripOptions,
  type StatusOptions,
  type TruncatedJsonOptions,
} from './scenarios';
export {
  PAGINATION_KINDS,
  paginated,
  type Page,
  type PaginatedOptions,
  type PaginationKind,
} from './paginate';
export {
  MockAuth,
  TOKEN_EXCHANGE_GRANT,
  type AuthScheme,
  type IssuedToken,
  type MockAuthOptions,
} from './auth';
export type { MtlsMaterial } from './tls';
export { DEFAULT_PAGES, OK_ROWS } from './defaults';
