import type { CatalogEntry } from '../catalog';
import type { Adoption, PluginMission } from '../metrics';
import type { PluginRow, VersionRow } from '../storage/types';
import { html, layout, type Raw } from './html';

/** The date part of an ISO time, or a dash. */
export const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

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

/** Company-signature badge of a version (current, retired or revoked key). */
export function signatureBadge(v: VersionRow): Raw {
  const cls = v.signatureKeyStatus === 'current' ? 'ok' : v.signatureKeyStatus === 'retired' ? 'warn' : 'bad';
  return html`<span class="badge ${cls}" title="${v.signatureFingerprint}"
    >signed (${v.signatureKeyStatus} key)</span
  >`;
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
