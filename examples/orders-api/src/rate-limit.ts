/**
 * Fixed-window rate limits per API key: `requests` calls per `windowMs`. The spec's
 * `X-RateLimit-Remaining` ("calls left in the current minute") and `Retry-After` (seconds) come
 * from here.
 * @module
 */

/** A limit: this many calls per window. */
export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** The outcome of one call against a limit. */
export interface RateDecision {
  allowed: boolean;
  /** Calls left in the current window after this one. */
  remaining: number;
  /** Whole seconds until the window resets (at least 1), for `Retry-After`. */
  retryAfterSeconds: number;
}

/** Counts calls per key in fixed windows; `now` is injectable so tests need no real waits. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one call by `key` and says whether it may go ahead. */
  take(key: string): RateDecision {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.limit.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.limit.windowMs - now) / 1000));
    if (w.count >= this.limit.requests) return { allowed: false, remaining: 0, retryAfterSeconds };
    w.count += 1;
    return { allowed: true, remaining: this.limit.requests - w.count, retryAfterSeconds };
  }
}
