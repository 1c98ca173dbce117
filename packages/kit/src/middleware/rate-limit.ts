/**
 * `rateLimit()`: optional token buckets per datasource and per user, so an upstream with a quota
 * is not driven into its own 429s and one user cannot spend everybody's share.
 *
 * Why not rate-limiter-flexible (ecosystem.md §A.5): it is not installed, reads `Date.now()` (no
 * injectable clock) and its in-memory store is the only one we need; a token bucket on our
 * {@link Clock} is a few lines. (Cockatiel has no rate limiter.)
 * @module
 */
import type { Clock } from '../clock';
import { dsError } from '../errors';
import { queryMiddleware, type QueryContext, type QueryMiddleware } from '../types';
import { checkOption } from './check-option';

/** One token bucket: `ratePerSec` tokens per second, holding at most `burst`. */
export interface TokenBucketOptions {
  ratePerSec: number;
  burst: number;
}

/** Options of {@link rateLimit}. Without either bucket the middleware lets everything through. */
export interface RateLimitOptions {
  /** Bucket per datasource (key: datasource uid). */
  perDatasource?: TokenBucketOptions;
  /** Bucket per user of each datasource (key: uid + `ctx.user.login`, or `anonymous`). */
  perUser?: TokenBucketOptions;
  /** Clock (default: `ctx.clock`). */
  clock?: Clock;
  /** Buckets kept per kind before full (idle) ones are dropped (10 000). */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

class Buckets {
  readonly #map = new Map<string, Bucket>();
  constructor(
    readonly o: TokenBucketOptions,
    readonly maxKeys: number,
  ) {}

  /** Tokens now in `key`'s bucket (refilled), without taking any. */
  peek(key: string, now: number): Bucket {
    const b = this.#map.get(key) ?? { tokens: this.o.burst, at: now };
    const tokens = Math.min(this.o.burst, b.tokens + ((now - b.at) / 1000) * this.o.ratePerSec);
    return { tokens, at: now };
  }

  /** ms until `key` has a whole token (0 when it has one). */
  waitMs(b: Bucket): number {
    return b.tokens >= 1 ? 0 : Math.ceil(((1 - b.tokens) / this.o.ratePerSec) * 1000);
  }

  take(key: string, b: Bucket): void {
    if (this.#map.size >= this.maxKeys && !this.#map.has(key)) this.#sweep(b.at);
    this.#map.set(key, { tokens: b.tokens - 1, at: b.at });
  }

  #sweep(now: number): void {
    // A full bucket is the same as no bucket: dropping it loses nothing.
    for (const [k] of this.#map) if (this.peek(k, now).tokens >= this.o.burst) this.#map.delete(k);
  }
}

function checkBucket(name: string, b: TokenBucketOptions | undefined): TokenBucketOptions | undefined {
  if (!b) return undefined;
  checkOption('rateLimit', `${name}.ratePerSec`, b.ratePerSec, 'positive');
  checkOption('rateLimit', `${name}.burst`, b.burst, 'positive');
  if (b.burst < 1) throw new TypeError(`rateLimit: option ${name}.burst must be >= 1, got ${b.burst}`);
  return b;
}

function perSecond(o: TokenBucketOptions): string {
  return `${o.ratePerSec} per second (bursts of ${o.burst})`;
}

/**
 * Token-bucket rate limits. A query over either limit fails at once with a `rate_limited` DsError
 * (`retryAfterMs` = time until a token is back, `details.limiter = 'rate'`); a refused query takes
 * no token from the other bucket.
 *
 * @throws TypeError at factory time for invalid options.
 */
export function rateLimit(options: RateLimitOptions = {}): QueryMiddleware {
  const maxKeys = checkOption('rateLimit', 'maxKeys', options.maxKeys ?? 10_000, 'positiveInt');
  const dsOpts = checkBucket('perDatasource', options.perDatasource);
  const userOpts = checkBucket('perUser', options.perUser);
  const dsBuckets = dsOpts && new Buckets(dsOpts, maxKeys);
  const userBuckets = userOpts && new Buckets(userOpts, maxKeys);

  return queryMiddleware('rateLimit', (next) => async (query, ctx) => {
    const now = (options.clock ?? ctx.clock).now();
    const uid = (ctx as QueryContext<unknown>).plugin?.dataSource?.uid || 'default';
    const login = ctx.user?.login || 'anonymous';
    const userKey = `${uid}\u0000${login}`;
    const ds = dsBuckets?.peek(uid, now);
    const user = userBuckets?.peek(userKey, now);
    const dsWait = ds && dsBuckets ? dsBuckets.waitMs(ds) : 0;
    const userWait = user && userBuckets ? userBuckets.waitMs(user) : 0;
    if (dsWait > 0 || userWait > 0) {
      const byUser = userWait >= dsWait;
      const retryAfterMs = Math.max(dsWait, userWait);
      throw dsError('rate_limited', {
        message: byUser
          ? `Too many queries from ${login === 'anonymous' ? 'this caller' : `user ${login}`} to this datasource: the limit is ${perSecond(userOpts!)}.`
          : `Too many queries to this datasource: the limit is ${perSecond(dsOpts!)}.`,
        retryAfterMs,
        details: { limiter: 'rate', scope: byUser ? 'user' : 'datasource' },
      });
    }
    if (ds) dsBuckets!.take(uid, ds);
    if (user) userBuckets!.take(userKey, user);
    return next(query, ctx);
  });
}
