/**
 * {@link parseRetryAfter}: how long an upstream asks us to wait, from whichever of the common
 * headers it sends.
 * @module
 */
import type { Clock } from '../clock';

/** Upper bound on a parsed wait: 1 hour (a misread epoch must not block a user for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Options of {@link parseRetryAfter}. */
export interface ParseRetryAfterOptions {
  /** Cap on the result in ms (default {@link MAX_RETRY_AFTER_MS}). */
  maxMs?: number;
}

// Below 1e9 s (≈ 31.7 years) a number is a delay; above it, a Unix time (2001-09 onwards).
const EPOCH_SECONDS_MIN = 1e9;
// Above 1e12 it is a Unix time in milliseconds (2001-09 onwards); no API sends 31 000-year delays.
const EPOCH_MS_MIN = 1e12;

const NUMBER = /^\s*\d+(\.\d+)?\s*$/;
const DURATION =
  /^\s*(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?\s*$/;

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name && typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** `Retry-After`: delay-seconds, or an HTTP date (relative to the clock's now). */
function retryAfter(v: string, now: number): number | undefined {
  if (NUMBER.test(v)) return Number(v) * 1000;
  // Date.parse accepts bare numbers as years; an HTTP date always has a weekday/month name.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : at - now;
}

/** `RateLimit-Reset` (draft 6 and earlier): delay-seconds. */
function rateLimitReset(v: string): number | undefined {
  return NUMBER.test(v) ? Number(v) * 1000 : undefined;
}

/** `RateLimit` (draft 7+: `"default";r=0;t=30`, or older `limit=10, remaining=0, reset=30`). */
function rateLimitField(v: string): number | undefined {
  const m = /(?:^|[;,\s])(?:t|reset)=(\d+(?:\.\d+)?)/.exec(v);
  return m ? Number(m[1]) * 1000 : undefined;
}

/**
 * `X-RateLimit-Reset` has no standard. Heuristics, in order: a number ≥ 1e12 is a Unix time in
 * ms; ≥ 1e9 a Unix time in seconds (GitHub, GitLab, Twitter/X); smaller numbers a delay in
 * seconds (a delay of 31 years is not plausible, an epoch before 2001 is not either); a Go-style
 * duration (`1m30s`, `250ms`, OpenAI's `x-ratelimit-reset-requests`) a delay.
 */
function xRateLimitReset(v: string, now: number): number | undefined {
  if (NUMBER.test(v)) {
    const n = Number(v);
    if (n >= EPOCH_MS_MIN) return n - now;
    if (n >= EPOCH_SECONDS_MIN) return n * 1000 - now;
    return n * 1000;
  }
  const d = DURATION.exec(v);
  if (!d || !(d[1] || d[2] || d[3] || d[4])) return undefined;
  const [h, m, s, ms] = [d[1], d[2], d[3], d[4]].map((x) => (x ? Number(x) : 0)) as [
    number,
    number,
    number,
    number,
  ];
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/**
 * Milliseconds the upstream asks us to wait, or undefined when it does not say. Headers, first
 * one present and valid wins: `Retry-After` (seconds or HTTP date), `RateLimit-Reset` (seconds),
 * `RateLimit` (`t=`/`reset=` seconds), `X-RateLimit-Reset` and `X-Rate-Limit-Reset` (see the
 * heuristics above). Names are matched case-insensitively. A time in the past gives 0; the result
 * is capped at `opts.maxMs` (default 1 hour) and rounded to whole ms.
 */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>>,
  clock: Pick<Clock, 'now'>,
  opts: ParseRetryAfterOptions = {},
): number | undefined {
  const now = clock.now();
  const candidates: [string, (v: string) => number | undefined][] = [
    ['retry-after', (v) => retryAfter(v, now)],
    ['ratelimit-reset', rateLimitReset],
    ['ratelimit', rateLimitField],
    ['x-ratelimit-reset', (v) => xRateLimitReset(v, now)],
    ['x-rate-limit-reset', (v) => xRateLimitReset(v, now)],
  ];
  for (const [name, parse] of candidates) {
    const v = header(headers, name);
    const ms = v === undefined ? undefined : parse(v);
    if (ms === undefined || !Number.isFinite(ms)) continue;
    const max = opts.maxMs ?? MAX_RETRY_AFTER_MS;
    return Math.round(Math.min(Math.max(0, ms), max));
  }
  return undefined;
}
