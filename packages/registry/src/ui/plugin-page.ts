import type { Adoption } from '../metrics';
import type { PluginRow, VersionRow, YankEvent } from '../storage/types';
import type { Certification } from '../trust';
import { html, layout, raw, type Raw } from './html';
import { renderMarkdown } from './markdown';
import { date, signatureBadge } from './pages';
import { statusCell, yankedBanner, yankHistory, yankLegend, yanksByVersion } from './yanks';

export interface PluginPageData {
  plugin: PluginRow;
  /** All versions, yanked ones included, newest first. */
  versions: VersionRow[];
  /** The version the page shows (latest visible, or the one asked for). */
  shown: VersionRow;
  /** The plugin's yank and un-yank events, oldest first (as storage returns them). */
  yankEvents: YankEvent[];
  adoption: Adoption;
  signatureStatus: { valid: boolean; keyStatus?: string; fingerprint?: string; reason?: string };
  registryUrl: string;
  team?: string;
  /** The signed-in team owns the plugin, so it may yank and un-yank (and is shown how). */
  owner?: boolean;
}

/** Plugin page: README, versions and yanks, changelog, certification, signature, owners, install, adoption. */
export function pluginPage(d: PluginPageData): string {
  const { plugin, shown } = d;
  let cert: Certification | undefined;
  try {
    cert = JSON.parse(shown.certification) as Certification;
  } catch {
    cert = undefined;
  }
  const yanks = yanksByVersion(d.versions, d.yankEvents);
  const owner = { owner: d.owner === true, registryUrl: d.registryUrl };
  const latest = d.versions.find((v) => !v.yanked)?.version;
  const base = `/api/plugins/${plugin.id}/versions/${shown.version}`;
  const versionRows = d.versions.map(
    (v) =>
      html`<tr data-version="${v.version}" class="${v.yanked ? 'yanked' : 'offered'}">
        <td><a href="/plugins/${plugin.id}?version=${v.version}">${v.version}</a></td>
        ${statusCell(yanks.get(v.version))}
        <td>${date(v.publishedAt)}</td>
        <td>${v.team}</td>
        <td>
          ${v.packages.map((p) => html`<a href="/api/plugins/${plugin.id}/versions/${v.version}/files/${p.fileName}">${p.platform}</a> `)}
        </td>
        <td>${d.adoption.perVersion[v.version] ?? 0}</td>
      </tr>`,
  );
  return layout(
    shown.yanked ? `${plugin.name} ${shown.version} (yanked)` : plugin.name,
    html`<h1>${plugin.name}</h1>
      <div class="row">
        <code>${plugin.id}</code
        ><span class="badge${shown.yanked ? ' bad' : ''}"
          >v${shown.version}${shown.yanked ? ' yanked' : ''}</span
        >${signatureBadge(shown)}
      </div>
      <p class="muted">${plugin.description}</p>
      ${shown.yanked ? yankedBanner(plugin.id, shown.version, yanks.get(shown.version)!, { ...owner, latest }) : ''}
      <div class="grid">
        <div>
          <h2>Downloads</h2>
          <table>
            <tr>
              <th>Package</th>
              <th>Platform</th>
              <th>SHA-256</th>
            </tr>
            ${shown.packages.map(
              (p) =>
                html`<tr>
                  <td>
                    <a class="download" data-platform="${p.platform}" href="${base}/files/${p.fileName}"
                      >${p.fileName}</a
                    >
                    · <a href="${base}/files/${p.fileName}.sig">.sig</a>
                  </td>
                  <td>${p.platform}</td>
                  <td><code>${p.sha256.slice(0, 16)}…</code></td>
                </tr>`,
            )}
          </table>
          <h2>README</h2>
          <div class="md readme">
            ${raw(shown.readme ? renderMarkdown(shown.readme) : '<p class="muted">No README in this package.</p>')}
          </div>
          <h2>Versions</h2>
          <table class="versions">
            <tr>
              <th>Version</th>
              <th>Status</th>
              <th>Published</th>
              <th>By</th>
              <th>Packages</th>
              <th>Installs</th>
            </tr>
            ${versionRows}
          </table>
          ${d.versions.some((v) => v.yanked) ? yankLegend(plugin.id) : ''}
          ${yankHistory(plugin.id, d.versions, yanks, { ...owner, undoShownAbove: shown.yanked ? shown.version : undefined })}
          <h2>Changelog</h2>
          <div class="md changelog">
            ${raw(shown.changelog ? renderMarkdown(shown.changelog) : '<p class="muted">No CHANGELOG in this package.</p>')}
          </div>
          <h2>Certification report</h2>
          ${cert ? certificationReport(cert, `${base}/files/certification.json`) : html`<p class="muted">No certification.</p>`}
        </div>
        <aside>
          ${installCommands(plugin.id, shown, d.registryUrl)}
          <h2>Signature</h2>
          <p class="signature-status">
            ${d.signatureStatus.valid ? html`<span class="badge ok">verifies</span>` : html`<span class="badge bad">does not verify</span>`}
            key
            <code>${shown.signatureFingerprint}</code>
            (${d.signatureStatus.keyStatus ?? shown.signatureKeyStatus})
          </p>
          ${d.signatureStatus.reason ? html`<p class="err">${d.signatureStatus.reason}</p>` : ''}
          <h2>Owners</h2>
          <p>Team <strong class="owner">${plugin.team}</strong></p>
          ${plugin.issuesUrl ? html`<p><a href="${plugin.issuesUrl}" rel="nofollow noopener">Issues</a> · ${plugin.openBugs ?? '?'} open bugs</p>` : html`<p class="muted">No issues link yet.</p>`}
          <h2>Adoption</h2>
          <p>
            ${d.adoption.installs} installs by ${d.adoption.teams.length} teams (${d.adoption.teamsPercent}%
            of teams) on ${d.adoption.instances.length} Grafana instances.
          </p>
          ${d.adoption.teams.length ? html`<p class="muted">Teams: ${d.adoption.teams.join(', ')}</p>` : ''}
        </aside>
      </div>`,
    { team: d.team },
  );
}

/**
 * Install commands for the shown version. Grafana's repository client looks a requested version
 * up in `/api/plugins/<id>/versions`, which leaves yanked versions out, so for a yanked version
 * `grafana cli … install <id> <version>` fails and only its download URL works.
 */
function installCommands(id: string, shown: VersionRow, registryUrl: string): Raw {
  return html`<h2>Install</h2>
    <pre>
dsforge install ${id}@${shown.version} \\
  --registry ${registryUrl} \\
  --grafana-plugins-dir /var/lib/grafana/plugins</pre>
    ${
      shown.yanked
        ? html`<p>With Grafana's own CLI (by URL: Grafana does not find a yanked version by number):</p>
            <pre class="grafana-cli wrap">
grafana cli --pluginUrl \\
  ${registryUrl}/api/plugins/${id}/versions/${shown.version}/download \\
  plugins install ${id}</pre>`
        : html`<p>With Grafana's own CLI:</p>
            <pre class="grafana-cli">
grafana cli --repo ${registryUrl}/api/plugins \\
  plugins install ${id} ${shown.version}</pre>`
    }`;
}

function certificationReport(cert: Certification, href: string): Raw {
  return html`<p>
      ${cert.passed ? html`<span class="badge ok">passed</span>` : html`<span class="badge bad">failed</span>`}
      by ${cert.tool} ${cert.toolVersion} on ${date(cert.certifiedAt)} (seed ${cert.seed}) ·
      ${Object.keys(cert.files ?? {}).length} files hashed · <a href="${href}">certification.json</a>
    </p>
    <table class="cert">
      <tr>
        <th>Check</th>
        <th>Result</th>
      </tr>
      ${(cert.results ?? []).map(
        (r) =>
          html`<tr>
            <td>${r.check}</td>
            <td>
              <span class="badge ${r.status === 'passed' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn'}"
                >${r.status}</span
              >
            </td>
          </tr>`,
      )}
    </table>`;
}
