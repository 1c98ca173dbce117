/**
 * Check 2, authentication: valid credentials pass CheckHealth and the sample queries; wrong ones
 * give `authentication_failed` with a user message before the timeout; with no secrets at all the
 * plugin fails cleanly (an answer, a category, no crash) — and it works with the secrets in
 * secureJsonData only.
 * @module
 */
import { EvidenceLog, skipped } from '../evidence';
import { clip, describe, observe, withHarness, type Started } from '../harness';
import type { NoAuth, WithAuth } from '../config';
import type { PluginCallError } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

const CLEAN_WITHOUT_SECRETS = new Set(['authentication_failed', 'authorization_failed', 'invalid_query']);

async function healthOf(s: Started, limitMs: number) {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([
    s.plugin.health({ settings: s.settings, secrets: s.secrets }).then(
      (r) => r,
      (e: PluginCallError) => ({
        status: 'CALL-FAILED',
        message: e.details ?? e.message,
        details: undefined,
        codeName: e.codeName,
      }),
    ),
    new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), limitMs))),
  ]);
  clearTimeout(timer);
  return { res, ms: Math.round(performance.now() - t0) };
}

function categoryOf(details: unknown): string | undefined {
  const c = (details as { category?: unknown } | undefined)?.category;
  return typeof c === 'string' ? c : undefined;
}

export const authCheck: CheckDefinition = {
  id: 'authentication',
  number: 2,
  name: 'Authentication',
  why: 'A datasource with wrong or missing credentials must tell the user so, quickly, instead of hanging, crashing or showing an empty panel; secrets must live in secureJsonData (encrypted), never in jsonData.',
  fixHint:
    "Read credentials only with settings.secret(key) (secureJsonData); map upstream 401 to the kit's authentication_failed (tagErrors does this) and return it from CheckHealth and queries; check for missing secrets in createInstance/health and say which one is missing.",
  async run(ctx: CertifyContext) {
    if (ctx.config.auth.type === 'none')
      return skipped(`the package has no authentication: ${(ctx.config.auth as NoAuth).reason}`);
    const auth = ctx.config.auth as WithAuth;
    const limitMs = ctx.config.timeoutMs + 1000;
    const ev = new EvidenceLog();
    await withHarness(ctx, async (h) => {
      ev.info('auth type', `${auth.type}; secureJsonData keys: ${Object.keys(auth.valid).join(', ')}`);

      // Valid credentials, in secureJsonData only.
      const good = await h.start();
      const health = await healthOf(good, limitMs);
      ev.expect(
        health.res?.status === 'OK',
        'valid credentials → CheckHealth',
        health.res
          ? `${health.res.status} "${clip(health.res.message, 120)}" in ${health.ms} ms`
          : `no answer within ${limitMs} ms`,
      );
      for (const q of ctx.config.queries) {
        const r = await h.query(good, q, { limitMs });
        const o = observe(r.result);
        ev.expect(
          o.category === 'ok',
          `valid credentials → query "${q.name}"`,
          r.failure ?? `${describe(o)} in ${Math.round(r.ms)} ms`,
        );
      }

      // Wrong credentials.
      const wrong = await h.start({ secrets: { ...h.validSecrets(), ...auth.invalid } });
      const wh = await healthOf(wrong, limitMs);
      const whCat = categoryOf(wh.res?.details);
      ev.expect(
        wh.res !== undefined &&
          wh.res.status === 'ERROR' &&
          wh.res.message.trim().length > 0 &&
          (whCat === undefined || whCat === 'authentication_failed'),
        'wrong credentials → CheckHealth',
        wh.res
          ? `${wh.res.status}${whCat ? ` (${whCat})` : ''} "${clip(wh.res.message, 120)}" in ${wh.ms} ms`
          : `no answer within ${limitMs} ms`,
      );
      const q0 = ctx.config.queries[0]!;
      const wq = await h.query(wrong, q0, { limitMs });
      const wo = observe(wq.result);
      ev.expect(
        wo.category === 'authentication_failed' && (wo.message ?? wo.error ?? '').trim().length > 0,
        `wrong credentials → query "${q0.name}"`,
        wq.failure ??
          `${describe(wo)} in ${Math.round(wq.ms)} ms (expected authentication_failed with a message, within ${limitMs} ms)`,
      );

      // No secrets at all.
      const none = await h.start({ secrets: { ...ctx.config.settings.secureJsonData } });
      const nh = await healthOf(none, limitMs);
      const nhText = nh.res
        ? `${nh.res.status} "${clip(nh.res.message, 120)}" in ${nh.ms} ms`
        : `no answer within ${limitMs} ms`;
      if (nh.res?.status === 'CALL-FAILED' && nh.res.message.trim() && (await h.alive(none.plugin)))
        // Clean (an answer, no crash), but Grafana shows only "Plugin health check failed".
        ev.warn(
          'no secrets → CheckHealth',
          `${nhText}: a gRPC error instead of an ERROR result, so Grafana shows "Plugin health check failed" without this message`,
        );
      else
        ev.expect(
          nh.res?.status === 'ERROR' && nh.res.message.trim().length > 0,
          'no secrets → CheckHealth',
          nhText,
        );
      const nq = await h.query(none, q0, { limitMs });
      const no = observe(nq.result);
      // A categorized error is best; an uncategorized one with a message and an error status is
      // still clean (the instance could not be set up, so no query code ran).
      const untypedButClear =
        no.category === 'untyped-error' && no.status >= 400 && (no.error ?? '').trim().length > 0;
      ev.add(
        CLEAN_WITHOUT_SECRETS.has(no.category) ? 'pass' : untypedButClear ? 'warn' : 'fail',
        `no secrets → query "${q0.name}"`,
        nq.failure ??
          `${describe(no)} in ${Math.round(nq.ms)} ms${CLEAN_WITHOUT_SECRETS.has(no.category) ? '' : ` (expected ${[...CLEAN_WITHOUT_SECRETS].join(' or ')}${untypedButClear ? '; the message is clear but has no error category' : ''})`}`,
      );
      for (const [label, s] of [
        ['valid', good],
        ['wrong', wrong],
        ['no', none],
      ] as const) {
        const alive = await h.alive(s.plugin);
        ev.expect(alive, `process alive (${label} credentials)`, alive ? 'running' : 'exited');
      }
    });
    return ev.outcome();
  },
};
