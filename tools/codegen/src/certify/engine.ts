/**
 * Runs checks and times them. A check that throws (a bug in the check or a harness failure) is
 * `failed` with the error as evidence, never a crash of the whole run; a check that runs past
 * `checkTimeoutMs` is failed too. Checks run up to `concurrency` at a time (each has its own mock
 * upstream and plugin processes), results keep the checks' order.
 * @module
 */
import type { CertifyContext, CheckDefinition, CheckOutcome, CheckResult } from './types';

/** Options of {@link runChecks}. */
export interface RunChecksOptions {
  /** Checks at once (default 1: timings are the most faithful one at a time). */
  concurrency?: number;
  /** Longest a check may run (default 5 min). */
  checkTimeoutMs?: number;
  /** Called when a check finishes. */
  onResult?: (r: CheckResult) => void;
}

async function runOne(check: CheckDefinition, ctx: CertifyContext, timeoutMs: number): Promise<CheckResult> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let outcome: CheckOutcome;
  try {
    outcome = await Promise.race([
      check.run(ctx),
      new Promise<CheckOutcome>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({
              status: 'failed',
              evidence: [{ status: 'fail', label: 'check', detail: `did not finish within ${timeoutMs} ms` }],
            }),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    outcome = {
      status: 'failed',
      evidence: [
        { status: 'fail', label: 'check could not run', detail: (err as Error)?.message ?? String(err) },
      ],
    };
  } finally {
    clearTimeout(timer);
  }
  return {
    check: check.id,
    number: check.number,
    name: check.name,
    status: outcome.status,
    why: check.why,
    evidence: outcome.evidence,
    durationMs: Math.round(performance.now() - t0),
    fixHint: check.fixHint,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}

/** Runs `checks` against `ctx`; see the module comment. */
export async function runChecks(
  checks: readonly CheckDefinition[],
  ctx: CertifyContext,
  opts: RunChecksOptions = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(checks.length);
  let next = 0;
  const worker = async () => {
    while (next < checks.length) {
      const i = next++;
      const check = checks[i]!;
      ctx.log(`  ▸ ${check.number}. ${check.name}…`);
      results[i] = await runOne(check, ctx, opts.checkTimeoutMs ?? 300_000);
      opts.onResult?.(results[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, checks.length)) }, worker),
  );
  return results;
}
