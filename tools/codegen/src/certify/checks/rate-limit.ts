/**
 * Check 5, rate limiting: an upstream 429 with `Retry-After` is honoured — the user sees
 * `rate_limited` with the wait, the plugin sends nothing to that upstream inside the window (not
 * for its own retries, not when the user runs the same query again), and when it retries after a
 * short Retry-After it waits at least that long. Upstream call counts are the evidence.
 * @module
 */
import { EvidenceLog, skipped } from '../evidence';
import { describe, observe, withHarness } from '../harness';
import { fixture, sequence, status } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

/** Retry-After of the long window, in seconds: longer than any sane query timeout. */
const LONG_S = 30;
/** Retry-After of the short window, in seconds. */
const SHORT_S = 1;
/** The user runs the same query this many more times inside the window. */
const REPEATS = 3;
/** Timer slack when comparing a retry's delay with Retry-After. */
const SLACK_MS = 50;

export const rateLimitCheck: CheckDefinition = {
  id: 'rate-limiting',
  number: 5,
  name: 'Rate limiting',
  why: 'An API that says "429, retry after 30 s" and gets hammered anyway escalates to longer bans or blocked keys for everyone using the datasource; the user should instead see how long to wait.',
  fixHint:
    "Honour Retry-After before any retry (the kit's retry middleware does), surface rate_limited with retryAfterMs, and refuse repeats inside the window without calling the upstream (the kit's retryStorm middleware).",
  async run(ctx: CertifyContext) {
    if (!ctx.config.routes) return skipped(`the plugin calls no upstream: ${ctx.config.noUpstreamReason}`);
    const ev = new EvidenceLog();
    const q = ctx.config.queries[0]!;
    const limitMs = ctx.config.timeoutMs + 1000;
    await withHarness(ctx, async (h) => {
      const route = h.routeOf(q)!;
      const s = await h.start();

      // Long window: one call, then silence.
      h.setRoute(route, status(429, { retryAfter: LONG_S }));
      const since = h.upstream.requests.length;
      const r = await h.query(s, q, { limitMs });
      const o = observe(r.result);
      const first = h.calls(route, since).length;
      ev.expect(
        o.category === 'rate_limited',
        `429 Retry-After: ${LONG_S} → query`,
        r.failure ?? `${describe(o)} in ${Math.round(r.ms)} ms`,
      );
      ev.expect(
        first === 1,
        'upstream calls for that query',
        `${first} (expected 1: no retry inside a ${LONG_S} s window)`,
      );
      if (
        o.retryAfterMs !== undefined &&
        o.retryAfterMs > (LONG_S - 5) * 1000 &&
        o.retryAfterMs <= LONG_S * 1000
      )
        ev.pass('wait shown to the user', `retryAfterMs ${o.retryAfterMs}`);
      else
        ev.warn(
          'wait shown to the user',
          `retryAfterMs ${o.retryAfterMs ?? 'missing'}; the user cannot tell how long to wait`,
        );
      for (let i = 0; i < REPEATS; i++) await h.query(s, q, { limitMs });
      const total = h.calls(route, since).length;
      ev.expect(
        total === first,
        `user repeats the query ${REPEATS}× inside the window`,
        `${total - first} more upstream call(s) (expected 0)`,
      );

      // Short window: a retry, if any, waits at least Retry-After.
      const s2 = { ...s, settings: h.settings() };
      const okBody = Object.values(ctx.config.routes!)[0]?.body ?? {};
      h.setRoute(route, sequence(status(429, { retryAfter: SHORT_S }), fixture(okBody)));
      const since2 = h.upstream.requests.length;
      const r2 = await h.query(s2, q, { limitMs });
      const o2 = observe(r2.result);
      const calls = h.calls(route, since2);
      const gaps = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
      const early = gaps.filter((g) => g < SHORT_S * 1000 - SLACK_MS);
      ev.expect(
        (o2.category === 'ok' || o2.category === 'rate_limited') && early.length === 0,
        `429 Retry-After: ${SHORT_S} → query`,
        r2.failure ??
          `${describe(o2)}; ${calls.length} call(s)${gaps.length ? `, gaps ${gaps.map((g) => `${g} ms`).join(', ')}` : ''}${early.length ? ` — ${early.length} retry(ies) sooner than ${SHORT_S * 1000} ms` : ''}`,
      );
      const alive = await h.alive(s.plugin);
      ev.expect(alive, 'process alive', alive ? 'running' : 'exited');
    });
    return ev.outcome();
  },
};
