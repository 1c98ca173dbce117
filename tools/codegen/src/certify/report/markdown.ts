/**
 * The readable certification report: a summary table, then per check why it matters, the
 * evidence, the duration and — when it failed — the fix hint. Markdown here, HTML in `html.ts`
 * (same content).
 * @module
 */
import type { Certification } from '../../package/trust';
import type { CheckResult, Evidence } from '../types';

const ICON: Record<Evidence['status'], string> = {
  pass: '✅',
  fail: '❌',
  warn: '⚠️',
  info: 'ℹ️',
  skip: '⏭️',
};
const STATUS: Record<CheckResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
};

/** `1.2 s` / `850 ms`. */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown. */
export function markdownReport(doc: Certification, results: CheckResult[]): string {
  const lines = [
    `# Certification: ${doc.plugin.id} ${doc.plugin.version} — ${doc.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `- tool: dsforge-certify ${doc.toolVersion}, certified at ${doc.certifiedAt}, seed ${doc.seed} (rerun with \`--seed ${doc.seed}\`)`,
    `- signature: ${doc.signature ? `Ed25519, certifier key ${doc.signature.keyId}` : 'none (no certifier key: run `dsforge certify keys init` or pass `--certifier-key`)'}`,
    `- files certified: ${Object.keys(doc.files).length}`,
    '',
    '| # | Check | Status | Duration |',
    '|---|---|---|---|',
    ...results.map(
      (r) => `| ${r.number} | ${cell(r.name)} | ${STATUS[r.status]} | ${duration(r.durationMs)} |`,
    ),
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.number}. ${r.name} — ${STATUS[r.status]} (${duration(r.durationMs)})`, '');
    lines.push(`**Why it matters:** ${r.why}`, '');
    if (r.reason) lines.push(`**Skipped:** ${r.reason}`, '');
    lines.push('**Evidence:**', '');
    for (const e of r.evidence) lines.push(`- ${ICON[e.status]} ${e.label}: ${e.detail.replace(/\n/g, ' ')}`);
    lines.push('');
    if (r.status === 'failed') lines.push(`**How to fix:** ${r.fixHint}`, '');
  }
  return lines.join('\n');
}
