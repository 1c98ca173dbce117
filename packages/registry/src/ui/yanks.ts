import type { VersionRow, YankEvent } from '../storage/types';
import { html, type Raw } from './html';

/** What the plugin page knows about one version's yanks. */
export interface VersionYanks {
  /** This version's yank and un-yank events, newest first. */
  history: YankEvent[];
  /**
   * Why the version is hidden, when it is yanked now. `team` is null for a version yanked before
   * the registry kept an audit trail: the version row has the reason and time, nobody recorded who.
   */
  current?: { reason: string; team: string | null; at: string | null };
}

/**
 * Groups a plugin's yank events (oldest first, as storage returns them) by version, newest first,
 * and works out the yank that hides each currently yanked version.
 */
export function yanksByVersion(versions: VersionRow[], events: YankEvent[]): Map<string, VersionYanks> {
  const out = new Map<string, VersionYanks>();
  for (const v of versions) {
    const history = events.filter((e) => e.version === v.version).reverse();
    const entry: VersionYanks = { history };
    if (v.yanked) {
      const last = history.find((e) => e.action === 'yank');
      entry.current = {
        reason: v.yankReason ?? last?.reason ?? '',
        team: last?.team ?? null,
        at: v.yankedAt ?? last?.at ?? null,
      };
    }
    out.set(v.version, entry);
  }
  return out;
}

/** `2026-03-01T10:05:00.000Z` → `2026-03-01 10:05 UTC`; anything but a UTC ISO time is shown as stored. */
export function when(iso: string | null): Raw {
  if (!iso) return html`at an unrecorded time`;
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(:\d\d(\.\d+)?)?Z$/.exec(iso);
  return html`<time datetime="${iso}">${m ? `${m[1]} ${m[2]} UTC` : iso}</time>`;
}

const byTeam = (team: string | null) =>
  team ? html`team <strong class="yank-team">${team}</strong>` : html`an unrecorded team`;

/** The versions table's status cell: offered, or yanked with the latest reason, team and time. */
export function statusCell(y: VersionYanks | undefined): Raw {
  const c = y?.current;
  if (!c) return html`<td class="status"><span class="badge ok">offered</span></td>`;
  return html`<td class="status">
    <span class="badge bad">yanked</span> <span class="yank-reason">${c.reason}</span>
    <div class="muted">by ${byTeam(c.team)}, ${when(c.at)}</div>
  </td>`;
}

/**
 * What yanking means for installs. Grafana's repository client looks every version up in
 * `/api/plugins/<id>/versions`, which leaves yanked versions out, while the exact-version routes
 * (`…/versions/<v>`, `…/download`) still serve them; the wording follows that.
 */
export function yankEffect(pluginId: string, version: string): Raw {
  return html`Grafana no longer offers it: it is left out of the catalog and of
    <code>/api/plugins/${pluginId}/versions</code>, where Grafana's catalog, plugin updates and
    <code>grafana cli plugins install ${pluginId} ${version}</code> look versions up. Hosts that already run
    it keep it. Exact-version installs still work: <code>dsforge install ${pluginId}@${version}</code>, the
    download links, and <code>grafana cli --pluginUrl</code> with a download link.`;
}

/** The note under the versions table when some version is yanked (the short form of {@link yankEffect}). */
export function yankLegend(pluginId: string): Raw {
  return html`<p class="muted yank-explained">
    Yanked versions were hidden by the owning team: Grafana no longer offers them (catalog, updates,
    <code>grafana cli plugins install</code>). Hosts that run one keep it, and exact-version installs (<code
      >dsforge install ${pluginId}@&lt;version&gt;</code
    >, the download links) still work.
  </p>`;
}

/** The command that un-yanks a version (shown to the owning team only). */
export function undoCommand(pluginId: string, version: string, registryUrl: string): Raw {
  return html`<pre class="undo">
dsforge yank ${pluginId} ${version} --undo \\
  --registry ${registryUrl} \\
  --reason "…"</pre>`;
}

/**
 * The banner above a yanked version's page: who yanked it, when and why, what that means for
 * installs, and for the owning team how to undo it.
 */
export function yankedBanner(
  pluginId: string,
  version: string,
  y: VersionYanks,
  opts: { owner: boolean; registryUrl: string; latest?: string },
): Raw {
  const c = y.current!;
  return html`<div class="yanked-notice">
    <p>
      <strong>Version ${version} is yanked</strong> by ${byTeam(c.team)}, ${when(c.at)}:
      <span class="yank-reason">${c.reason}</span>
    </p>
    <p>${yankEffect(pluginId, version)}</p>
    ${
      opts.latest
        ? html`<p>
            The latest version Grafana is offered is <a href="/plugins/${pluginId}">${opts.latest}</a>.
          </p>`
        : html`<p>Grafana is offered no version of this plugin.</p>`
    }
    ${
      opts.owner
        ? html`<p>Your team owns this plugin. To offer ${version} again:</p>
            ${undoCommand(pluginId, version, opts.registryUrl)}`
        : ''
    }
  </div>`;
}

/** Yank history of every version that has any, newest event first. */
export function yankHistory(
  pluginId: string,
  versions: VersionRow[],
  yanks: Map<string, VersionYanks>,
  opts: {
    owner: boolean;
    registryUrl: string;
    /** A version whose undo command the yanked banner already shows, so it is not repeated here. */
    undoShownAbove?: string;
  },
): Raw {
  const withEvents = versions.filter((v) => (yanks.get(v.version)?.history.length ?? 0) > 0);
  if (withEvents.length === 0) return html``;
  return html`<h2>Yank history</h2>
    ${withEvents.map((v) => {
      const y = yanks.get(v.version)!;
      return html`<div class="yank-history" data-version="${v.version}">
        <h3><a href="/plugins/${pluginId}?version=${v.version}">${v.version}</a></h3>
        <ol>
          ${y.history.map(
            (e) =>
              html`<li data-action="${e.action}">
                ${
                  e.action === 'yank'
                    ? html`<span class="badge bad">yanked</span>`
                    : html`<span class="badge ok">un-yanked</span>`
                }
                ${when(e.at)} by ${byTeam(e.team)}: <span class="yank-reason">${e.reason}</span>
              </li>`,
          )}
        </ol>
        ${v.yanked && opts.owner && v.version !== opts.undoShownAbove ? undoCommand(pluginId, v.version, opts.registryUrl) : ''}
      </div>`;
    })}`;
}
