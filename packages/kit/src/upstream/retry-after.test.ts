import { createFakeClock } from '../clock';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const clock = createFakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const nowS = clock.now() / 1000;

  it('reads Retry-After in seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '7' }, clock)).toBe(7000);
    expect(parseRetryAfter({ 'Retry-After': ' 0 ' }, clock)).toBe(0);
  });

  it('reads Retry-After as an HTTP date relative to the clock', () => {
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, clock)).toBe(30_000);
  });

  it('gives 0 for a Retry-After date in the past', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, clock)).toBe(0);
  });

  it('ignores a Retry-After that is neither seconds nor a date, and falls back to other headers', () => {
    expect(parseRetryAfter({ 'retry-after': 'soon' }, clock)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': '-5' }, clock)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after': 'later', 'ratelimit-reset': '4' }, clock)).toBe(4000);
  });

  it('reads RateLimit-Reset in seconds', () => {
    expect(parseRetryAfter({ 'ratelimit-reset': '12' }, clock)).toBe(12_000);
  });

  it('reads the reset of a structured RateLimit header', () => {
    expect(parseRetryAfter({ ratelimit: '"default";r=0;t=9' }, clock)).toBe(9000);
    expect(parseRetryAfter({ ratelimit: 'limit=10, remaining=0, reset=3' }, clock)).toBe(3000);
  });

  it('reads X-RateLimit-Reset as Unix seconds when it is a plausible epoch', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset': String(nowS + 42) }, clock)).toBe(42_000);
  });

  it('reads X-RateLimit-Reset as Unix milliseconds when it is that large', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset': String(clock.now() + 1500) }, clock)).toBe(1500);
  });

  it('reads a small X-RateLimit-Reset as a delay in seconds', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset': '60' }, clock)).toBe(60_000);
    expect(parseRetryAfter({ 'X-Rate-Limit-Reset': '2.5' }, clock)).toBe(2500);
  });

  it('reads Go-style durations in X-RateLimit-Reset', () => {
    expect(parseRetryAfter({ 'x-ratelimit-reset': '1m30s' }, clock)).toBe(90_000);
    expect(parseRetryAfter({ 'x-ratelimit-reset': '250ms' }, clock)).toBe(250);
    expect(parseRetryAfter({ 'x-ratelimit-reset': 'abc' }, clock)).toBeUndefined();
  });

  it('prefers Retry-After over the rate-limit headers', () => {
    expect(
      parseRetryAfter({ 'retry-after': '2', 'x-ratelimit-reset': '60', 'ratelimit-reset': '30' }, clock),
    ).toBe(2000);
  });

  it('caps the wait at one hour, or the given maximum', () => {
    expect(parseRetryAfter({ 'retry-after': '86400' }, clock)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter({ 'retry-after': '120' }, clock, { maxMs: 60_000 })).toBe(60_000);
  });

  it('says nothing when no header says anything', () => {
    expect(parseRetryAfter({}, clock)).toBeUndefined();
    expect(parseRetryAfter({ 'content-type': 'text/plain', 'retry-after': '' }, clock)).toBeUndefined();
  });
});
