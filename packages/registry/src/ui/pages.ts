import type { CatalogEntry } from '../catalog';
import type { Adoption, PluginMission } from '../metrics';
import type { PluginRow, VersionRow } from '../storage/types';
import type { Certification } from '../trust';
import { html, layout, raw, type Raw } from './html';
import { renderMarkdown } from './markdown';

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** Browse and search. */
export function browsePage(entries: CatalogEntry[], q: string, adoptions: Adoption[], team?: string): string {
  const installs = new Map(adoptions.map((a) => [a.pluginId, a.installs]));
  const cards = entries.map(
    (e) =>
      html`<div class="card" data-plugin="${e.plugin.id}">
        <h3>
          <a href="/plugins/${e.plugin.id}">${e.plugin.name}</a> <span class="muted">${e.plugin.id}</span>
        </h3>
        <div class="muted">${e.plugin.description}</div>
        <div class="row">
          <span class="badge">v${e.latest.version}</span><span class="badge">${e.plugin.type}</span>
          <span class="badge">team ${e.plugin.team}</span>${signatureBadge(e.latest)}<span class="badge ok"
            >certified</span
          >
          <span class="badge">${installs.get(e.plugin.id) ?? 0} installs</span>
        </div>
      </div>`,
  );
  return layout(
    'Browse',
    html`<h1>Plugins</h1>
      <form class="inline" method="get" action="/">
        <input
          type="search"
          name="q"
          value="${q}"
          placeholder="Search by id, name, description or team"
          aria-label="Search plugins"
        /><button type="submit">Search</button>
      </form>
      <p class="muted">
        ${entries.length} plugin${entries.length === 1 ? '' : 's'}${q ? html` matching “${q}”` : ''}
      </p>
      ${cards.length ? cards : html`<div class="card muted">No plugins${q ? ' match this search' : ' published yet'}.</div>`}`,
    { team },
  );
}

function signatureBadge(v: VersionRow): Raw {
  const cls = v.signatureKeyStatus === 'current' ? 'ok' : v.signatureKeyStatus === 'retired' ? 'warn' : 'bad';
  return html`<span class="badge ${cls}" title="${v.signatureFingerprint}"
    >signed (${v.signatureKeyStatus} key)</span
  >`;
}

export interface PluginPageData {
  plugin: PluginRow;
  versions: VersionRow[];
  /** The version the page shows (latest visible, or the one asked for). */
  shown: VersionRow;
  adoption: Adoption;
  signatureStatus: { valid: boolean; keyStatus?: string; fingerprint?: string; reason?: string };
  registryUrl: string;
  team?: string;
}

/** Plugin page: README, versions, changelog, certification, signature, owners, install, adoption. */
export function pluginPage(d: PluginPageData): string {
  const { plugin, shown } = d;
  let cert: Certification | undefined;
  try {
    cert = JSON.parse(shown.certification) as Certification;
  } catch {
    cert = undefined;
  }
  const base = `/api/plugins/${plugin.id}/versions/${shown.version}`;
  const versionRows = d.versions.map(
    (
      v,
    ) => html`<tr${v.yanked ? raw(' class="muted"') : ''}><td><a href="/plugins/${plugin.id}?version=${v.version}">${v.version}</a>${v.yanked ? html` <span class="badge bad">yanked: ${v.yankReason}</span>` : ''}</td>
<td>${date(v.publishedAt)}</td><td>${v.team}</td><td>${v.packages.map((p) => html`<a href="/api/plugins/${plugin.id}/versions/${v.version}/files/${p.fileName}">${p.platform}</a> `)}</td><td>${d.adoption.perVersion[v.version] ?? 0}</td></tr>`,
  );
  return layout(
    plugin.name,
    html`<h1>${plugin.name}</h1>
      <div class="row">
        <code>${plugin.id}</code
        ><span class="badge">v${shown.version}</span
        >${shown.yanked ? html`<span class="badge bad">yanked: ${shown.yankReason}</span>` : ''}${signatureBadge(shown)}
      </div>
      <p class="muted">${plugin.description}</p>
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
          <table>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th>By</th>
              <th>Packages</th>
              <th>Installs</th>
            </tr>
            ${versionRows}
          </table>
          <h2>Changelog</h2>
          <div class="md changelog">
            ${raw(shown.changelog ? renderMarkdown(shown.changelog) : '<p class="muted">No CHANGELOG in this package.</p>')}
          </div>
          <h2>Certification report</h2>
          ${cert ? certificationReport(cert, `${base}/files/certification.json`) : html`<p class="muted">No certification.</p>`}
        </div>
        <aside>
          <h2>Install</h2>
          <pre>
dsforge install ${plugin.id}@${shown.version} \\
  --registry ${d.registryUrl} \\
  --grafana-plugins-dir /var/lib/grafana/plugins</pre>
          <p>With Grafana's own CLI:</p>
          <pre>
grafana cli --repo ${d.registryUrl}/api/plugins \\
  plugins install ${plugin.id} ${shown.version}</pre>
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

/** "My team's plugins": token form, or the team's plugins with issue-link editors. */
export function myTeamPage(
  team: { name: string; owns: string[] } | undefined,
  plugins: PluginRow[],
  error?: string,
): string {
  if (!team) {
    return layout(
      'My team',
      html`<h1>My team's plugins</h1>
        ${error ? html`<p class="err">${error}</p>` : ''}
        <form method="post" action="/session" class="inline">
          <label
            >Team token <input type="password" name="token" autocomplete="off" placeholder="dsf_…" /></label
          ><button type="submit">Sign in</button>
        </form>
        <p class="muted">
          The token is kept in an HttpOnly cookie for this browser. Admins create tokens with
          <code>dsforge registry team add</code>.
        </p>`,
    );
  }
  return layout(
    'My team',
    html`<h1>Team ${team.name}</h1>
      ${error ? html`<p class="err">${error}</p>` : ''}
      <p class="muted">Owns plugin ids starting with ${team.owns.map((o) => html`<code>${o}</code> `)}</p>
      ${plugins.length ? '' : html`<div class="card muted">No plugins published by this team yet.</div>`}
      ${plugins.map(
        (p) =>
          html`<div class="card">
            <h3><a href="/plugins/${p.id}">${p.name}</a> <span class="muted">${p.id}</span></h3>
            <form method="post" action="/plugins/${p.id}/meta" class="inline">
              <label
                >Issues link <input type="text" name="issuesUrl" value="${p.issuesUrl ?? ''}" size="40"
              /></label>
              <label
                >Open bugs <input type="number" min="0" name="openBugs" value="${p.openBugs ?? ''}" /></label
              ><button type="submit">Save</button>
            </form>
          </div>`,
      )}
      <form method="post" action="/session/logout"><button type="submit">Sign out</button></form>`,
    { team: team.name },
  );
}

/** Adoption across plugins. */
export function adoptionPage(items: Adoption[], names: Map<string, string>, team?: string): string {
  return layout(
    'Adoption',
    html`<h1>Adoption</h1>
      <p class="muted">From install pings sent by <code>dsforge install</code>.</p>
      <table>
        <tr>
          <th>Plugin</th>
          <th>Installs</th>
          <th>Per version</th>
          <th>Teams</th>
          <th>% of teams</th>
          <th>Grafana instances</th>
        </tr>
        ${items.map(
          (a) =>
            html`<tr>
              <td><a href="/plugins/${a.pluginId}">${names.get(a.pluginId) ?? a.pluginId}</a></td>
              <td>${a.installs}</td>
              <td>${Object.entries(a.perVersion).map(([v, n]) => html`${v}: ${n}<br />`)}</td>
              <td>${a.teams.join(', ')}</td>
              <td>${a.teamsPercent}%</td>
              <td>${a.instances.length}</td>
            </tr>`,
        )}
      </table>`,
    { team },
  );
}

/** Mission metrics: lead time to first publish (target < 5 days), open bugs. */
export function missionPage(
  m: { targetDays: number; medianLeadTimeDays: number | null; plugins: PluginMission[] },
  team?: string,
): string {
  const medianOk = m.medianLeadTimeDays !== null && m.medianLeadTimeDays < m.targetDays;
  return layout(
    'Mission metrics',
    html`<h1>Mission metrics</h1>
      <p>
        Median time from <code>dsforge.createdAt</code> to first published version:
        <strong class="median"
          >${m.medianLeadTimeDays === null ? '—' : `${m.medianLeadTimeDays} days`}</strong
        >
        <span class="badge ${medianOk ? 'ok' : 'warn'}">target &lt; ${m.targetDays} days</span>
      </p>
      <table>
        <tr>
          <th>Plugin</th>
          <th>Team</th>
          <th>Created</th>
          <th>First published</th>
          <th>Lead time</th>
          <th>Issues</th>
          <th>Open bugs</th>
        </tr>
        ${m.plugins.map(
          (p) =>
            html`<tr>
              <td><a href="/plugins/${p.pluginId}">${p.pluginId}</a></td>
              <td>${p.team}</td>
              <td>${date(p.createdAt)}</td>
              <td>${date(p.firstPublishedAt)}</td>
              <td>
                ${p.leadTimeDays === null ? '—' : html`${p.leadTimeDays} d <span class="badge ${p.withinTarget ? 'ok' : 'bad'}">${p.withinTarget ? 'on target' : 'over target'}</span>`}
              </td>
              <td>${p.issuesUrl ? html`<a href="${p.issuesUrl}" rel="nofollow noopener">link</a>` : '—'}</td>
              <td>${p.openBugs ?? '—'}</td>
            </tr>`,
        )}
      </table>`,
    { team },
  );
}

/** A plain error page (404 etc.). */
export function errorPage(status: number, message: string): string {
  return layout(
    String(status),
    html`<h1>${status}</h1>
      <p class="err">${message}</p>
      <p><a href="/">Back to the catalog</a></p>`,
  );
}
