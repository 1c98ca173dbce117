/**
 * Check 8, resource limits: an upstream that streams `hugeResponseBytes` (1 GiB by default) must
 * be cut at the configured response limit with `bad_response` — the plugin closes the connection
 * instead of reading (and buffering) the whole body. The plugin's peak RSS (VmHWM) is recorded.
 * @module
 */
import { EvidenceLog, skipped } from '../evidence';
import { describe, mib, observe, within, withHarness } from '../harness';
import type { Scenario } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

/**
 * Like the mock's `hugeBody`, a valid JSON body of `bytes` bytes streamed with back-pressure, and
 * it counts what it handed to the socket, so the evidence says how much the plugin took in.
 */
function countedHugeBody(bytes: number, sent: { bytes: number }): Scenario {
  return async (ex) => {
    ex.res.writeHead(200, { 'content-type': 'application/json' });
    const write = (chunk: Buffer | string) => {
      sent.bytes += chunk.length;
      return ex.res.write(chunk);
    };
    write('{"data":"');
    const block = Buffer.alloc(64 * 1024, 'x');
    let left = bytes - 11;
    while (left > 0 && !ex.signal.aborted) {
      const n = Math.min(left, block.length);
      left -= n;
      if (!write(n === block.length ? block : block.subarray(0, n))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            ex.res.off('drain', done);
            ex.signal.removeEventListener('abort', done);
            resolve();
          };
          ex.res.once('drain', done);
          ex.signal.addEventListener('abort', done, { once: true });
        });
      }
    }
    if (!ex.signal.aborted) ex.res.end('"}');
  };
}

/** What kernel and client buffers may hold beyond the limit when the plugin stops reading. */
const SOCKET_SLACK = 64 * 1024 * 1024;

export const limitsCheck: CheckDefinition = {
  id: 'resource-limits',
  number: 8,
  name: 'Resource limits',
  why: 'One oversized upstream answer must not exhaust the memory of the plugin process that serves every dashboard and alert of the datasource; it should fail that one query with a clear message.',
  fixHint:
    "Enforce a response size limit while the body streams in (the kit's createFetch/responseLimit, jsonData maxResponseBytes) and abort the request when it is exceeded; never buffer a whole body of unknown size.",
  async run(ctx: CertifyContext) {
    if (!ctx.config.routes) return skipped(`the plugin calls no upstream: ${ctx.config.noUpstreamReason}`);
    const ev = new EvidenceLog();
    const q = ctx.config.queries[0]!;
    const { hugeResponseBytes: huge, responseLimitBytes: limit } = ctx.config;
    // Reading a whole gigabyte over loopback takes a few seconds; the limit must not depend on it.
    const limitMs = ctx.config.timeoutMs + 1000;
    await withHarness(ctx, async (h) => {
      const route = h.routeOf(q)!;
      const s = await h.start();
      const before = await h.peakRss(s.plugin);
      const sent = { bytes: 0 };
      h.setRoute(route, countedHugeBody(huge, sent));
      const since = h.upstream.requests.length;
      const r = await h.query(s, q, { limitMs: limitMs + 30_000 });
      const o = observe(r.result);
      ev.expect(
        o.category === 'bad_response',
        `upstream streams ${mib(huge)} (limit ${mib(limit)}) → query`,
        r.failure ?? `${describe(o)} in ${Math.round(r.ms)} ms`,
      );
      const calls = h.calls(route, since);
      await within(Promise.all(calls.map((c) => c.done)), 2000);
      ev.expect(
        calls.length > 0 && calls.every((c) => c.closedEarly),
        'upstream body cut off',
        calls.length === 0
          ? 'the plugin never called the upstream'
          : calls.every((c) => c.closedEarly)
            ? `the plugin closed the connection after ${calls.map((c) => `${c.durationMs ?? '?'} ms`).join(', ')}`
            : `the whole ${mib(huge)} body was read`,
      );
      // Socket buffers hold a few MiB beyond what the plugin read; far more means it kept reading.
      ev.expect(
        sent.bytes <= limit + SOCKET_SLACK,
        'bytes the upstream sent before the connection closed',
        `${mib(sent.bytes)} (limit ${mib(limit)} + ${mib(SOCKET_SLACK)} for socket buffers)`,
      );
      const alive = await h.alive(s.plugin);
      ev.expect(alive, 'process alive', alive ? 'running' : 'exited (out of memory?)');
      const peak = alive ? await h.peakRss(s.plugin) : undefined;
      if (peak === undefined) ev.info('peak RSS', 'not available (not Linux, or the process is gone)');
      else
        ev.add(
          peak > limit * 8 + 512 * 1024 * 1024 ? 'warn' : 'info',
          'peak RSS (VmHWM)',
          `${mib(peak)} (${before === undefined ? 'before: unknown' : `before the query: ${mib(before)}`})`,
        );
    });
    return ev.outcome();
  },
};
