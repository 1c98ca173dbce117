/**
 * Check 3, timeout handling: against an upstream that never answers, the query ends with
 * `timeout` within the configured timeout + 1 s and the upstream socket is closed; when the host
 * (Grafana) cancels a query, the plugin's upstream request is cancelled too.
 * @module
 */
import { EvidenceLog, skipped } from '../evidence';
import { describe, observe, within, withHarness } from '../harness';
import { hang } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

/** Slack on top of the configured timeout (the "+ 1 s"). */
export const TIMEOUT_SLACK_MS = 1000;

export const timeoutCheck: CheckDefinition = {
  id: 'timeout',
  number: 3,
  name: 'Timeout handling',
  why: 'A slow or dead API must not freeze dashboards: Grafana waits for every query, and a request that keeps its socket after the user gave up piles up connections on the plugin and the upstream.',
  fixHint:
    "Pass ctx.signal to every upstream call (ctx.fetch({ url, signal: ctx.signal })) and never switch the transport timeouts off; the kit's timeout middleware aborts at the datasource timeout, which closes the socket.",
  async run(ctx: CertifyContext) {
    if (!ctx.config.routes) return skipped(`the plugin calls no upstream: ${ctx.config.noUpstreamReason}`);
    const ev = new EvidenceLog();
    const limitMs = ctx.config.timeoutMs + TIMEOUT_SLACK_MS;
    const q = ctx.config.queries[0]!;
    await withHarness(ctx, async (h) => {
      const route = h.routeOf(q)!;
      h.setRoute(route, hang());
      const s = await h.start();

      // 1. The upstream hangs: the plugin's own timeout must end the query.
      const since = h.upstream.requests.length;
      const r = await h.query(s, q, { limitMs });
      const o = observe(r.result);
      ev.expect(
        !r.gaveUp && o.category === 'timeout',
        `hanging upstream → query "${q.name}"`,
        r.gaveUp
          ? `no answer within ${limitMs} ms (configured timeout ${ctx.config.timeoutMs} ms + 1 s); the query was still running`
          : `${describe(o)} after ${Math.round(r.ms)} ms (limit ${limitMs} ms)`,
      );
      const calls = h.calls(route, since);
      const closed = calls.length > 0 && (await within(Promise.all(calls.map((c) => c.done)), 1000));
      ev.expect(
        closed && calls.every((c) => c.closedEarly),
        'upstream socket closed',
        calls.length === 0
          ? 'the plugin never called the upstream'
          : closed
            ? `${calls.length} request(s), all closed by the plugin`
            : `${calls.filter((c) => c.durationMs === undefined).length} of ${calls.length} request(s) still open 1 s after the answer`,
      );

      // 2. Grafana cancels (user navigates away): the upstream request must stop too.
      const s2 = await h.start();
      const since2 = h.upstream.requests.length;
      const ac = new AbortController();
      const pending = h.query(s2, q, { signal: ac.signal, limitMs: limitMs + 5000 });
      const arrived = await within(
        h.upstream.waitForRequests(since2 + 1, { timeoutMs: limitMs }),
        limitMs + 100,
      );
      const sent = Date.now();
      ac.abort();
      await pending;
      const cancelled = h.calls(route, since2);
      const stopped = cancelled.length > 0 && (await within(Promise.all(cancelled.map((c) => c.done)), 1000));
      ev.expect(
        arrived && stopped,
        'host cancels the query → upstream request stops',
        !arrived || cancelled.length === 0
          ? 'the plugin never called the upstream'
          : stopped
            ? `upstream connection closed ${Math.round(Math.max(0, cancelled[0]!.at + (cancelled[0]!.durationMs ?? 0) - sent))} ms after the cancel`
            : 'the upstream request was still open 1 s after Grafana cancelled the query',
      );
      const alive = await h.alive(s2.plugin);
      ev.expect(alive, 'process alive after cancellation', alive ? 'running' : 'exited');
    });
    return ev.outcome();
  },
};
