import semver from 'semver';
import type { PluginRow, RegistryStorage, VersionRow } from './storage/types';

/** Versions sorted newest first (semver order; Grafana expects the newest first). */
export function newestFirst(versions: VersionRow[]): VersionRow[] {
  return [...versions].sort((a, b) => semver.rcompare(a.version, b.version));
}

/** A plugin with its visible (not yanked) versions, newest first. */
export interface CatalogEntry {
  plugin: PluginRow;
  versions: VersionRow[];
  latest: VersionRow;
}

/**
 * Plugins that have at least one version that is not yanked, optionally filtered by a search
 * string (id, name, description, team) and/or an exact id list (Grafana's `slugIn`).
 */
export async function visiblePlugins(
  storage: RegistryStorage,
  filter: { q?: string; ids?: string[] } = {},
): Promise<CatalogEntry[]> {
  const q = filter.q?.trim().toLowerCase();
  const out: CatalogEntry[] = [];
  for (const plugin of await storage.listPlugins()) {
    if (filter.ids && !filter.ids.includes(plugin.id)) continue;
    if (
      q &&
      ![plugin.id, plugin.name, plugin.description, plugin.team].some((s) => s.toLowerCase().includes(q))
    ) {
      continue;
    }
    const versions = newestFirst((await storage.listVersions(plugin.id)).filter((v) => !v.yanked));
    if (versions[0]) out.push({ plugin, versions, latest: versions[0] });
  }
  return out;
}

/**
 * Grafana reads `id` as an integer (grafana.com's numeric plugin id) and `slug` as the plugin
 * id, so the registry derives a stable positive 31-bit number from the slug (FNV-1a).
 */
export function numericId(slug: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < slug.length; i++) {
    h ^= slug.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1 || 1;
}

/** One `items[]` entry of `GET /api/plugins`, in grafana.com's shape (the fields Grafana reads). */
export function grafanaPluginItem(e: CatalogEntry) {
  const pj = JSON.parse(e.latest.pluginJson) as {
    info?: { author?: { name?: string }; keywords?: string[] };
  };
  return {
    id: numericId(e.plugin.id),
    slug: e.plugin.id,
    status: 'active',
    typeCode: e.plugin.type,
    name: e.plugin.name,
    description: e.plugin.description,
    version: e.latest.version,
    orgName: pj.info?.author?.name ?? e.plugin.team,
    team: e.plugin.team,
    keywords: pj.info?.keywords ?? [],
    createdAt: e.plugin.firstPublishedAt,
    updatedAt: e.latest.publishedAt,
    signatureType: 'private',
  };
}

/** `{ "<os>-<arch>" | "any": { sha256, ... } }` for a version. */
function archMap(v: VersionRow, baseUrl: string, withUrls: boolean) {
  const out: Record<string, Record<string, string>> = {};
  for (const p of v.packages) {
    const [os, arch] = p.platform === 'any' ? [] : p.platform.split('-');
    const q = os ? `?os=${os}&arch=${arch}` : '';
    out[p.platform] = withUrls
      ? {
          sha256: p.sha256,
          packageName: p.fileName,
          downloadUrl: `${baseUrl}/api/plugins/${v.pluginId}/versions/${v.version}/download${q}`,
        }
      : { sha256: p.sha256 };
  }
  return out;
}

/**
 * One `items[]` entry of `GET /api/plugins/<id>/versions`. Older Grafana versions read `arch`,
 * newer ones `packages` (with `packageName`/`downloadUrl`); both are sent.
 */
export function grafanaVersionItem(v: VersionRow, baseUrl: string) {
  const pj = JSON.parse(v.pluginJson) as { dependencies?: { grafanaDependency?: string } };
  return {
    version: v.version,
    url: `${baseUrl}/plugins/${v.pluginId}`,
    createdAt: v.publishedAt,
    grafanaDependency: pj.dependencies?.grafanaDependency ?? '',
    arch: archMap(v, baseUrl, false),
    packages: archMap(v, baseUrl, true),
    yanked: v.yanked,
    ...(v.yanked ? { yankReason: v.yankReason } : {}),
  };
}

/**
 * The package a download serves: the one for `<os>-<arch>` when both are given and published,
 * else the `any` package (Grafana's own fallback order).
 */
export function pickPackage(v: VersionRow, os: string | undefined, arch: string | undefined) {
  const key = os && arch ? `${os.toLowerCase()}-${arch.toLowerCase()}` : undefined;
  return (
    (key ? v.packages.find((p) => p.platform === key) : undefined) ??
    v.packages.find((p) => p.platform === 'any')
  );
}

/** Accepts `1.2.3`, `v1.2.3` or `^1.2.3` for a version (as Grafana normalises). */
export function normalizeVersion(v: string): string {
  return v.replace(/\s+/g, '').replace(/^[v^]/, '');
}
