/**
 * Check 7, bad input: a few hundred seeded, generated query JSONs and datasource settings never
 * crash or hang the process; every answer is well-formed (a response per query, an error with a
 * 4xx/5xx status, frames that decode) and CheckHealth still says OK afterwards.
 * @module
 */
import { EvidenceLog } from '../evidence';
import { clip, type Harness, type Started, withHarness } from '../harness';
import { fuzzQueries, fuzzSettings, type FuzzQuery } from '../fuzz';
import type { PluginCallError, QueryResult } from '../testing';
import type { CheckDefinition, CertifyContext } from '../types';

/** Queries in flight at once (Grafana sends a dashboard's panels concurrently). */
const CONCURRENCY = 8;

/** Why an answer is not well-formed, or undefined. */
export function malformed(res: QueryResult | undefined): string | undefined {
  if (!res) return 'no response for the query';
  if (res.error !== undefined) {
    if (!(res.status >= 400 && res.status <= 599))
      return `error "${clip(res.error, 80)}" with status ${res.status} (Grafana needs 4xx/5xx)`;
    if (res.error.trim() === '') return 'empty error message';
  } else if (res.status !== 0 && !(res.status >= 200 && res.status <= 299)) {
    return `status ${res.status} without an error message`;
  }
  try {
    void res.frames;
  } catch (err) {
    return `frames do not decode: ${(err as Error).message}`;
  }
  return undefined;
}

const shown = (v: unknown) =>
  clip(typeof v === 'string' ? `raw text ${JSON.stringify(v)}` : (JSON.stringify(v) ?? String(v)), 160);

async function fuzzQueriesOn(
  h: Harness,
  s: Started,
  cases: FuzzQuery[],
  limitMs: number,
  ev: EvidenceLog,
): Promise<void> {
  const problems: string[] = [];
  let next = 0;
  let died: string | undefined;
  const worker = async () => {
    while (next < cases.length && !died) {
      const i = next++;
      const c = cases[i]!;
      const { how: _how, ...query } = c;
      const r = await h.query(s, { name: `fuzz #${i}`, ...query }, { limitMs });
      if (!(await h.alive(s.plugin))) {
        died ??= `#${i} (${c.how}): ${shown(c.json)}`;
        return;
      }
      const why = r.gaveUp ? `no answer within ${limitMs} ms` : (r.failure ?? malformed(r.result));
      if (why) problems.push(`#${i} (${c.how}): ${why} — input ${shown(c.json)}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (died) {
    const exit = await s.plugin.exited;
    ev.fail(
      'process survives generated queries',
      `the plugin exited (code ${exit.code ?? 'none'}, signal ${exit.signal ?? 'none'}) on query ${died}`,
    );
    return;
  }
  ev.expect(
    problems.length === 0,
    `${cases.length} generated queries answered well-formed`,
    problems.length
      ? `${problems.length} problem(s); first: ${problems.slice(0, 3).join(' | ')}`
      : 'all answered, process alive',
  );
}

export const badInputCheck: CheckDefinition = {
  id: 'bad-input',
  number: 7,
  name: 'Bad input',
  why: 'Query JSON comes from dashboards, provisioning files and the API, and settings from admins; a malformed value must give that one query an error, never take down the process that serves every user of the datasource.',
  fixHint:
    "Validate query JSON in parseQuery (a throw becomes that query's invalid_query error) and settings in createInstance; never call process.exit or throw from callbacks and timers.",
  async run(ctx: CertifyContext) {
    const ev = new EvidenceLog();
    const limitMs = ctx.config.timeoutMs + 1000;
    const queries = fuzzQueries(ctx.config.queries, ctx.config.fuzz.queries, ctx.seed);
    ev.info(
      'inputs',
      `${queries.length} queries and ${ctx.config.fuzz.settings} settings generated from seed ${ctx.seed}`,
    );
    await withHarness(ctx, async (h) => {
      const s = await h.start();
      await fuzzQueriesOn(h, s, queries, limitMs, ev);
      if (await h.alive(s.plugin)) {
        const health = await s.plugin
          .health({ settings: s.settings, secrets: s.secrets })
          .catch((e: Error) => ({ status: `call failed: ${e.message}` }));
        ev.expect(health.status === 'OK', 'health after the generated queries', String(health.status));
        const v = s.plugin.protocolViolations;
        ev.expect(
          v.length === 0,
          'protocol violations',
          v.length
            ? v
                .slice(0, 3)
                .map((x) => x.reason)
                .join(' | ')
            : 'none',
        );
      }

      // Settings: one new datasource per generated configuration, on a second process.
      const s2 = await h.start();
      const cases = fuzzSettings(
        { jsonData: s2.settings.jsonData, secrets: s2.secrets, url: h.upstream.url },
        ctx.config.fuzz.settings,
        ctx.seed,
      );
      const problems: string[] = [];
      for (const [i, c] of cases.entries()) {
        const one: Started = {
          plugin: s2.plugin,
          settings: { ...h.settings(), url: c.url, jsonData: c.jsonData as Record<string, unknown> },
          secrets: c.secrets,
        };
        const health = await Promise.race([
          s2.plugin.health({ settings: one.settings, secrets: one.secrets }).then(
            (r) =>
              r.status === 'OK' || (r.status === 'ERROR' && r.message.trim() !== '')
                ? undefined
                : `health ${r.status} "${clip(r.message, 80)}"`,
            // A gRPC error with a message (settings the instance refuses) is an answer, not a crash.
            (e: PluginCallError) =>
              e.codeName === 'UNKNOWN' && e.details?.trim() ? undefined : `health call failed: ${e.message}`,
          ),
          new Promise<string>((r) =>
            setTimeout(() => r(`health: no answer within ${limitMs + 10_000} ms`), limitMs + 10_000).unref(),
          ),
        ]);
        if (!(await h.alive(s2.plugin))) {
          const exit = await s2.plugin.exited;
          ev.fail(
            'process survives generated settings',
            `exited (code ${exit.code ?? 'none'}) on settings #${i} (${c.how})`,
          );
          return;
        }
        const r = await h.query(one, ctx.config.queries[0]!, { limitMs });
        if (!(await h.alive(s2.plugin))) {
          const exit = await s2.plugin.exited;
          ev.fail(
            'process survives generated settings',
            `exited (code ${exit.code ?? 'none'}) on a query with settings #${i} (${c.how})`,
          );
          return;
        }
        const why =
          health ?? (r.gaveUp ? `query: no answer within ${limitMs} ms` : (r.failure ?? malformed(r.result)));
        if (why) problems.push(`#${i} (${c.how}): ${why}`);
      }
      ev.expect(
        problems.length === 0,
        `${cases.length} generated settings`,
        problems.length
          ? `${problems.length} problem(s); first: ${problems.slice(0, 3).join(' | ')}`
          : 'health and a query answered for each, process alive',
      );
    });
    return ev.outcome();
  },
};
