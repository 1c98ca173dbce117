/**
 * {@link EvidenceLog}: what a check collects while it runs. Any `fail` entry makes the check fail;
 * the entries are the report's evidence, in the order they were observed.
 * @module
 */
import type { CheckOutcome, Evidence } from './types';

/** Collects evidence for one check. */
export class EvidenceLog {
  readonly entries: Evidence[] = [];

  add(status: Evidence['status'], label: string, detail: string): void {
    this.entries.push({ status, label, detail });
  }
  pass(label: string, detail: string): void {
    this.add('pass', label, detail);
  }
  fail(label: string, detail: string): void {
    this.add('fail', label, detail);
  }
  warn(label: string, detail: string): void {
    this.add('warn', label, detail);
  }
  info(label: string, detail: string): void {
    this.add('info', label, detail);
  }
  skip(label: string, detail: string): void {
    this.add('skip', label, detail);
  }

  /** Records pass or fail; returns `ok` so callers can stop early. */
  expect(ok: boolean, label: string, detail: string): boolean {
    this.add(ok ? 'pass' : 'fail', label, detail);
    return ok;
  }

  get failed(): boolean {
    return this.entries.some((e) => e.status === 'fail');
  }

  /** `failed` when any entry failed, else `passed`. */
  outcome(): CheckOutcome {
    return { status: this.failed ? 'failed' : 'passed', evidence: this.entries };
  }
}

/** A check that does not apply, with the reason. */
export function skipped(reason: string): CheckOutcome {
  return {
    status: 'skipped',
    reason,
    evidence: [{ status: 'skip', label: 'not applicable', detail: reason }],
  };
}
