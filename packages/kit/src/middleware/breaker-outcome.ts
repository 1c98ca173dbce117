/**
 * How a finished call counts for a circuit breaker. This is where ours differs from cockatiel's,
 * which counts errors it does not handle as successes: here 4xx answers and cancellations count
 * as nothing (resilience4j's "ignored exceptions").
 * @module
 */
import { DsError, isDsError } from '../errors';

/** How a finished call counts. `answered`: the upstream responded (e.g. 404) — not a failure. */
export type Outcome = 'success' | 'failure' | 'answered' | 'neutral';

const FAILURES = new Set(['timeout', 'upstream_unavailable', 'server_error', 'rate_limited']);
const ANSWERED = new Set([
  'authentication_failed',
  'authorization_failed',
  'invalid_query',
  'not_found',
  'bad_response',
]);

/**
 * How an error counts: timeouts, unreachable upstreams, 5xx and 429 are failures; other 4xx and
 * unreadable bodies mean the upstream answered (they neither open nor keep open the breaker);
 * cancellations, the plugin's own bugs and other breakers' rejections count as nothing.
 */
export function breakerOutcome(thrown: unknown, signal?: AbortSignal): Outcome {
  const err = isDsError(thrown) ? (thrown as DsError) : DsError.from(thrown);
  if (err.category === 'cancelled') return 'neutral';
  // Grafana cancelled the request: whatever error it caused says nothing about the upstream.
  if (signal?.aborted && DsError.from(signal.reason).category === 'cancelled') return 'neutral';
  if (err.details?.limiter !== undefined) return 'neutral';
  if (FAILURES.has(err.category)) return 'failure';
  if (ANSWERED.has(err.category)) return 'answered';
  return 'neutral';
}
