/**
 * Token caches with single-flight refresh: however many requests need a token at once, one
 * request goes to the token (or login) endpoint and everybody waits for its answer. A token is
 * reused until `expires_in − 60 s` on the injected clock (half its lifetime when that is shorter
 * than two minutes, so a 60 s token is not refetched on every call), or until {@link
 * SingleFlightToken.invalidate} is called because the upstream answered 401.
 * @module
 */
import { LRUCache } from 'lru-cache';

import type { Clock } from '../clock';

/** What a token endpoint issued. */
export interface IssuedToken {
  value: string;
  /** Lifetime in seconds from when it was requested; undefined = until the upstream rejects it. */
  expiresInSec?: number;
}

/** Refresh this long before a token expires (the "expires_in − 60 s"). */
export const REFRESH_MARGIN_MS = 60_000;

interface Held {
  value: string;
  /** Clock time after which the token is no longer handed out. */
  refreshAt: number;
}

/** Resolves with `p`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * One cached token with single-flight refresh.
 *
 * The shared fetch does not use any one caller's signal: when the query that started it is
 * cancelled, the others still want the token. Each caller stops waiting when its own signal
 * aborts; the fetcher is expected to bound itself with its own timeout.
 */
export class SingleFlightToken {
  #held: Held | undefined;
  #pending: Promise<Held> | undefined;
  readonly #fetch: () => Promise<IssuedToken>;
  readonly #clock: Clock;

  constructor(fetchToken: () => Promise<IssuedToken>, clock: Clock) {
    this.#fetch = fetchToken;
    this.#clock = clock;
  }

  /** A valid token: the cached one, the one being fetched, or a newly fetched one. */
  get(signal?: AbortSignal): Promise<string> {
    const held = this.#held;
    if (held && this.#clock.now() < held.refreshAt) return Promise.resolve(held.value);
    if (!this.#pending) {
      const started = this.#clock.now();
      const pending = this.#fetch().then((t) => {
        const held: Held = { value: t.value, refreshAt: refreshAt(started, t.expiresInSec) };
        // Only install it if nobody invalidated the flight meanwhile.
        if (this.#pending === pending) this.#held = held;
        return held;
      });
      this.#pending = pending;
      const clear = () => {
        if (this.#pending === pending) this.#pending = undefined;
      };
      // Handles the rejection here too, so a failure nobody waits for any more (every caller
      // was cancelled) is not an unhandled rejection that would crash the process.
      pending.then(clear, clear);
    }
    return untilAborted(
      this.#pending.then((h) => h.value),
      signal,
    );
  }

  /**
   * Forgets `value` if it is still the cached token. Comparing the value means 50 requests that
   * all got a 401 for the same token cause one refresh, not 50, and a token fetched meanwhile
   * by someone else is kept.
   */
  invalidate(value: string): void {
    if (this.#held?.value === value) this.#held = undefined;
  }

  /** True when a token is cached and not due for refresh (for tests and health details). */
  hasValidToken(): boolean {
    return this.#held !== undefined && this.#clock.now() < this.#held.refreshAt;
  }
}

/** When a token issued at `started` with `expiresInSec` stops being handed out. */
export function refreshAt(started: number, expiresInSec: number | undefined): number {
  if (expiresInSec === undefined || !Number.isFinite(expiresInSec) || expiresInSec <= 0) {
    return expiresInSec !== undefined && expiresInSec <= 0 ? started : Number.POSITIVE_INFINITY;
  }
  const lifetime = expiresInSec * 1000;
  return started + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 2);
}

/**
 * Single-flight tokens per key (e.g. per subject token), bounded: the least recently used key
 * is dropped beyond `max` entries so a stream of distinct users cannot grow memory without bound.
 */
export class KeyedTokenCache {
  readonly #lru: LRUCache<string, SingleFlightToken>;
  readonly #clock: Clock;

  constructor(clock: Clock, max = 1000) {
    this.#clock = clock;
    this.#lru = new LRUCache({ max });
  }

  /** The single-flight token for `key`, creating it with `fetchToken` when new. */
  for(key: string, fetchToken: () => Promise<IssuedToken>): SingleFlightToken {
    let entry = this.#lru.get(key);
    if (!entry) {
      entry = new SingleFlightToken(fetchToken, this.#clock);
      this.#lru.set(key, entry);
    }
    return entry;
  }

  /** Number of keys held. */
  get size(): number {
    return this.#lru.size;
  }
}
