import type { YankEvent } from '../storage/types';
import { getJson, postJson, registryBase, RegistryClientError } from './http';

export interface YankOptions {
  pluginId: string;
  /** `1.2.0` (a leading `v` is accepted, as Grafana does). */
  version: string;
  registry: string;
  /** Token of the team that owns the plugin. */
  token: string;
  /** Why; required, and kept in the registry's yank history. */
  reason: string;
  /** Un-yank: offer the version again. */
  undo?: boolean;
}

export interface YankResult {
  pluginId: string;
  version: string;
  action: YankEvent['action'];
  /** False when the version already was in the requested state (nothing recorded). */
  changed: boolean;
  yanked: boolean;
  yankReason: string | null;
  yankedAt: string | null;
  /** The recorded event when something changed. */
  event?: Pick<YankEvent, 'action' | 'team' | 'reason' | 'at'>;
  /** What Grafana is offered now (`/api/plugins/<id>/versions`), newest first; empty when nothing is. */
  offered: string[];
  /** The version `/api/plugins` lists as the plugin's latest (what Grafana and `dsforge install <id>` pick), or null. */
  latest: string | null;
}

/**
 * Yanks (or with `undo` un-yanks) a version, then reads back what Grafana is offered through the
 * same public routes Grafana uses, so the caller reports the registry's real state rather than
 * an assumption. Throws `RegistryClientError` with an explanation for 401/403/404.
 */
export async function yankVersion(opts: YankOptions): Promise<YankResult> {
  const base = registryBase(opts.registry);
  const action = opts.undo ? 'unyank' : 'yank';
  const version = opts.version.replace(/^v/, '');
  const path = `/api/plugins/${encodeURIComponent(opts.pluginId)}/versions/${encodeURIComponent(version)}`;
  const { status, body } = await postJson(
    `${base}${path}/${action}`,
    { reason: opts.reason },
    { authorization: `Bearer ${opts.token}` },
  );
  if (status !== 200) throw refusal(status, body, opts.pluginId, base);
  const offered = await offeredVersions(base, opts.pluginId);
  const listed = await getJson<{ items: { slug: string; version: string }[] }>(
    `${base}/api/plugins?slugIn=${encodeURIComponent(opts.pluginId)}`,
  );
  return {
    pluginId: opts.pluginId,
    version,
    action,
    changed: body.changed === true,
    yanked: body.yanked === true,
    yankReason: typeof body.yankReason === 'string' ? body.yankReason : null,
    yankedAt: typeof body.yankedAt === 'string' ? body.yankedAt : null,
    ...(body.event ? { event: body.event as YankResult['event'] } : {}),
    offered,
    latest: listed.items.find((i) => i.slug === opts.pluginId)?.version ?? null,
  };
}

async function offeredVersions(base: string, id: string): Promise<string[]> {
  try {
    const r = await getJson<{ items: { version: string }[] }>(
      `${base}/api/plugins/${encodeURIComponent(id)}/versions`,
    );
    return r.items.map((v) => v.version);
  } catch (err) {
    // Grafana reads a 404 here as "Plugin not found": every version is yanked.
    if (err instanceof RegistryClientError && err.status === 404) return [];
    throw err;
  }
}

function refusal(
  status: number,
  body: Record<string, unknown>,
  id: string,
  base: string,
): RegistryClientError {
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const hint =
    status === 401
      ? `; the registry at ${base} does not accept this token (a team token looks like dsf_<id>_<secret>, from \`dsforge registry team add\`; re-running that issues a new one and the old one stops working)`
      : status === 403
        ? `; only a token of the team that owns ${id} (a prefix of the plugin id) may yank or un-yank it: ask that team, or an admin can add the prefix with \`dsforge registry team add <team> --owns <prefix>\``
        : '';
  return new RegistryClientError(`${message}${hint}`, status);
}
