/** The certification report as one self-contained HTML page (same content as the Markdown). */
import type { Certification } from '../../package/trust';
import type { CheckResult, Evidence } from '../types';
import { duration } from './markdown';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const MARK: Record<Evidence['status'], string> = { pass: '✔', fail: '✘', warn: '!', info: 'i', skip: '–' };

/** The report as HTML. */
export function htmlReport(doc: Certification, results: CheckResult[]): string {
  const rows = results
    .map(
      (r) =>
        `<tr class="${r.status}"><td>${r.number}</td><td><a href="#${esc(r.check)}">${esc(r.name)}</a></td><td>${r.status}</td><td>${duration(r.durationMs)}</td></tr>`,
    )
    .join('\n');
  const sections = results
    .map(
      (r) => `<section id="${esc(r.check)}" class="${r.status}">
<h2>${r.number}. ${esc(r.name)} — ${r.status} <small>(${duration(r.durationMs)})</small></h2>
<p><strong>Why it matters:</strong> ${esc(r.why)}</p>
${r.reason ? `<p><strong>Skipped:</strong> ${esc(r.reason)}</p>` : ''}
<ul>${r.evidence.map((e) => `<li class="${e.status}"><span class="mark">${MARK[e.status]}</span> <strong>${esc(e.label)}:</strong> ${esc(e.detail)}</li>`).join('')}</ul>
${r.status === 'failed' ? `<p class="fix"><strong>How to fix:</strong> ${esc(r.fixHint)}</p>` : ''}
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certification: ${esc(doc.plugin.id)} ${esc(doc.plugin.version)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .7em}
.passed td:nth-child(3),li.pass .mark{color:#1a7f37}.failed td:nth-child(3),li.fail .mark{color:#cf222e;font-weight:bold}
.skipped td:nth-child(3),li.skip .mark{color:#777}li.warn .mark{color:#9a6700}
section{border-left:4px solid #ccc;padding-left:1em;margin:1.5em 0}section.failed{border-color:#cf222e}section.passed{border-color:#1a7f37}
li{margin:.2em 0;word-break:break-word}.fix{background:#fff8c5;padding:.5em}
</style></head><body>
<h1>Certification: ${esc(doc.plugin.id)} ${esc(doc.plugin.version)} — ${doc.passed ? 'PASSED' : 'FAILED'}</h1>
<p>dsforge-certify ${esc(doc.toolVersion)} · ${esc(doc.certifiedAt)} · seed ${doc.seed} · ${doc.signature ? `signed by certifier key ${esc(doc.signature.keyId)}` : 'not signed'} · ${Object.keys(doc.files).length} files certified</p>
<table><tr><th>#</th><th>Check</th><th>Status</th><th>Duration</th></tr>
${rows}
</table>
${sections}
</body></html>
`;
}
