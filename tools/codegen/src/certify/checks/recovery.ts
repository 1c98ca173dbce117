/**
 * Check 4, error recovery: each fault scenario of the kit's fault matrix (minus the ones other
 * checks own: 401/403 → authentication, 429 → rate limiting, hang → timeout, huge → limits)
 * yields its expected category with a user message and a suggestion; the process survives all of
 * them; and once the upstream heals after a burst of failures, queries succeed again within
 * `recoveryWithinMs` (an open circuit breaker closes).
 * @module
 */
import { EvidenceLog, skipped } from '../evidence';
import { clip, describe, observe, withHarness, type Harness, type Started } from '../harness';
import { malformedJson, reset, status, truncatedJson, type Scenario } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

/** A fault and the category a user must see. */
export interface FaultCase {
  name: string;
  scenario: Scenario;
  category: string;
}

/** The fault scenarios of this check (see the module comment for the ones left to other checks). */
export const FAULTS: FaultCase[] = [
  { name: 'connection reset', scenario: reset(), category: 'upstream_unavailable' },
  { name: '404', scenario: status(404), category: 'not_found' },
  { name: '500', scenario: status(500), category: 'server_error' },
  { name: '502', scenario: status(502), category: 'upstream_unavailable' },
  { name: '503 Retry-After: 0', scenario: status(503, { retryAfter: 0 }), category: 'upstream_unavailable' },
  { name: '504', scenario: status(504), category: 'upstream_unavailable' },
  { name: 'malformed JSON', scenario: malformedJson(), category: 'bad_response' },
  { name: 'truncated JSON', scenario: truncatedJson(), category: 'bad_response' },
];

/** Failing queries sent at once to trip a circuit breaker (the kit's opens at ≥ 20 calls). */
const BURST = 20;
const POLL_MS = 250;

async function ensureRunning(h: Harness, s: Started, ev: EvidenceLog, after: string): Promise<Started> {
  if (await h.alive(s.plugin)) return s;
  const exit = await s.plugin.exited;
  const tail = s.plugin.logs
    .filter((l) => l.level !== 'debug')
    .slice(-2)
    .map((l) => clip(l.message, 160))
    .join(' | ');
  ev.fail(
    `process survives ${after}`,
    `the plugin exited (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'})${tail ? `; last log lines: ${tail}` : ''}; restarted to continue`,
  );
  return h.start();
}

export const recoveryCheck: CheckDefinition = {
  id: 'error-recovery',
  number: 4,
  name: 'Error recovery',
  why: 'Upstreams fail in many ways; each failure must reach the user as a clear, categorized message with a next step, must never take the plugin process (and every other query of every user) down, and the datasource must work again as soon as the upstream is back.',
  fixHint:
    "Let errors propagate to the kit (categorizeErrors turns them into DsErrors with a message and suggestion); never call process.exit or throw from timers/callbacks; keep the circuit breaker's cool-down short enough (kit default 5 s) so it probes and closes when the upstream recovers.",
  async run(ctx: CertifyContext) {
    if (!ctx.config.routes) return skipped(`the plugin calls no upstream: ${ctx.config.noUpstreamReason}`);
    const ev = new EvidenceLog();
    const q = ctx.config.queries[0]!;
    const limitMs = ctx.config.timeoutMs + 1000;
    await withHarness(ctx, async (h) => {
      const route = h.routeOf(q)!;
      let s = await h.start();
      for (const f of FAULTS) {
        h.setRoute(route, f.scenario);
        // A fresh datasource per fault: one fault's breaker state must not decide the next one.
        const one = { ...s, settings: h.settings() };
        const r = await h.query(one, q, { limitMs });
        const o = observe(r.result);
        ev.expect(
          o.category === f.category && !!o.message && !!o.suggestion,
          `${f.name} → ${f.category}`,
          r.failure ??
            `${describe(o)}${o.suggestion ? ` suggestion "${o.suggestion}"` : ' (no suggestion)'} in ${Math.round(r.ms)} ms`,
        );
        s = await ensureRunning(h, s, ev, f.name);
      }
      h.restoreRoutes();
      const health = await s.plugin
        .health({ settings: h.settings(), secrets: s.secrets })
        .catch((e: Error) => ({
          status: `call failed: ${e.message}`,
        }));
      ev.expect(health.status === 'OK', 'health after all faults', String(health.status));

      // A burst of failures on one datasource, then the upstream heals.
      const settings = h.settings();
      const ds = { ...s, settings };
      h.setRoute(route, status(500));
      const burst = await Promise.all(Array.from({ length: BURST }, () => h.query(ds, q, { limitMs })));
      const cats = new Map<string, number>();
      for (const b of burst) {
        const c = observe(b.result).category;
        cats.set(c, (cats.get(c) ?? 0) + 1);
      }
      ev.info(
        `${BURST} queries against a failing upstream`,
        [...cats].map(([c, n]) => `${c}×${n}`).join(', '),
      );
      s = await ensureRunning(h, s, ev, 'a burst of failures');
      const during = observe((await h.query({ ...s, settings }, q, { limitMs })).result);
      ev.info('next query, upstream still failing', describe(during));

      h.restoreRoutes();
      const healedAt = performance.now();
      let last: string;
      let ok = false;
      for (;;) {
        const r = await h.query({ ...s, settings }, q, { limitMs });
        const o = observe(r.result);
        last = r.failure ?? describe(o);
        if (o.category === 'ok') {
          ok = true;
          break;
        }
        if (!(await h.alive(s.plugin)) || performance.now() - healedAt > ctx.config.recoveryWithinMs) break;
        await new Promise((res) => setTimeout(res, POLL_MS));
      }
      const after = Math.round(performance.now() - healedAt);
      ev.expect(
        ok,
        'upstream recovers → queries succeed again',
        ok
          ? `first successful query ${after} ms after the upstream recovered`
          : `still failing ${after} ms after the upstream recovered (limit ${ctx.config.recoveryWithinMs} ms): ${last}`,
      );
    });
    return ev.outcome();
  },
};
