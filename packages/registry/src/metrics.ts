import type { RegistryStorage } from './storage/types';

/** Target lead time from project creation (`dsforge.createdAt`) to first published version. */
export const LEAD_TIME_TARGET_DAYS = 5;
const DAY = 24 * 60 * 60 * 1000;

/** Adoption of one plugin, from `dsforge install` pings. */
export interface Adoption {
  pluginId: string;
  installs: number;
  perVersion: Record<string, number>;
  teams: string[];
  instances: string[];
  /** Share of registered teams that installed the plugin at least once (0–100). */
  teamsPercent: number;
}

/** Adoption for every plugin (or one). */
export async function adoption(storage: RegistryStorage, pluginId?: string): Promise<Adoption[]> {
  const teams = new Set((await storage.listTeams()).map((t) => t.name));
  const plugins = pluginId ? [pluginId] : (await storage.listPlugins()).map((p) => p.id);
  const installs = await storage.listInstalls(pluginId);
  return plugins.map((id) => {
    const mine = installs.filter((i) => i.pluginId === id);
    const perVersion: Record<string, number> = {};
    for (const i of mine) perVersion[i.version] = (perVersion[i.version] ?? 0) + 1;
    const usedBy = [...new Set(mine.map((i) => i.team))].sort();
    const registeredUsers = usedBy.filter((t) => teams.has(t)).length;
    return {
      pluginId: id,
      installs: mine.length,
      perVersion,
      teams: usedBy,
      instances: [...new Set(mine.map((i) => i.instanceId))].sort(),
      teamsPercent: teams.size === 0 ? 0 : Math.round((registeredUsers / teams.size) * 1000) / 10,
    };
  });
}

/** Mission metrics of one plugin. */
export interface PluginMission {
  pluginId: string;
  team: string;
  createdAt: string | null;
  firstPublishedAt: string;
  /** Days from createdAt to first publish, one decimal; null when createdAt is unknown. */
  leadTimeDays: number | null;
  withinTarget: boolean | null;
  issuesUrl: string | null;
  openBugs: number | null;
}

/** Mission metrics for all plugins plus the median lead time. */
export async function missionMetrics(storage: RegistryStorage): Promise<{
  targetDays: number;
  medianLeadTimeDays: number | null;
  plugins: PluginMission[];
}> {
  const plugins = (await storage.listPlugins()).map((p): PluginMission => {
    const lead =
      p.createdAt === null
        ? null
        : Math.round(((Date.parse(p.firstPublishedAt) - Date.parse(p.createdAt)) / DAY) * 10) / 10;
    return {
      pluginId: p.id,
      team: p.team,
      createdAt: p.createdAt,
      firstPublishedAt: p.firstPublishedAt,
      leadTimeDays: lead,
      withinTarget: lead === null ? null : lead < LEAD_TIME_TARGET_DAYS,
      issuesUrl: p.issuesUrl,
      openBugs: p.openBugs,
    };
  });
  return {
    targetDays: LEAD_TIME_TARGET_DAYS,
    medianLeadTimeDays: median(plugins.map((p) => p.leadTimeDays).filter((d): d is number => d !== null)),
    plugins,
  };
}

/** Median of a list (mean of the middle two for even lengths); null for an empty list. */
export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}
