import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import {
  grafanaPluginItem,
  grafanaVersionItem,
  newestFirst,
  normalizeVersion,
  pickPackage,
  visiblePlugins,
} from '../catalog';
import { RegistryError } from '../errors';
import { adoption, missionMetrics } from '../metrics';
import { certifierKeyId } from '../trust';
import { baseUrl, requestTeam, requireOwner, type RegistryContext } from './context';
import { yankRoutes } from './yank-routes';

type IdParams = { id: string };
type VersionParams = { id: string; version: string };

const notFound = (message: string) => new RegistryError(404, 'not_found', message);
const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The JSON API. The `/api/plugins…` read routes follow grafana.com's plugin repository API as
 * Grafana's `pkg/plugins/repo` client reads it, so `grafana cli --repo <registry>/api/plugins`
 * and Grafana's `[grafana_com] api_url` can point here.
 */
export function apiRoutes(app: FastifyInstance, ctx: RegistryContext): void {
  app.get<{ Querystring: { slugIn?: string; q?: string } }>('/api/plugins', async (req) => {
    const ids = req.query.slugIn
      ? req.query.slugIn
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
    const entries = await visiblePlugins(ctx.storage, { ids, q: req.query.q });
    return { items: entries.map(grafanaPluginItem) };
  });

  app.get<{ Params: IdParams }>('/api/plugins/:id', async (req) => {
    const [entry] = await visiblePlugins(ctx.storage, { ids: [req.params.id] });
    if (!entry) throw notFound(`no plugin ${req.params.id} in this registry`);
    return grafanaPluginItem(entry);
  });

  app.get<{ Params: IdParams }>('/api/plugins/:id/versions', async (req) => {
    const versions = newestFirst((await ctx.storage.listVersions(req.params.id)).filter((v) => !v.yanked));
    if (versions.length === 0) throw notFound('Plugin not found');
    return { items: versions.map((v) => grafanaVersionItem(v, baseUrl(req))) };
  });

  // Exact-version reads work for yanked versions too: yanking hides, it does not delete.
  app.get<{ Params: VersionParams }>('/api/plugins/:id/versions/:version', async (req) => {
    const v = await ctx.storage.getVersion(req.params.id, normalizeVersion(req.params.version));
    if (!v) throw notFound(`${req.params.id}@${req.params.version} is not published here`);
    return grafanaVersionItem(v, baseUrl(req));
  });

  app.get<{ Params: VersionParams; Querystring: { os?: string; arch?: string } }>(
    '/api/plugins/:id/versions/:version/download',
    async (req, reply) => {
      const { id } = req.params;
      const version = normalizeVersion(req.params.version);
      const v = await ctx.storage.getVersion(id, version);
      if (!v) throw notFound(`${id}@${version} is not published here`);
      const os = req.query.os ?? header(req.headers['grafana-os']);
      const arch = req.query.arch ?? header(req.headers['grafana-arch']);
      const pkg = pickPackage(v, os, arch);
      if (!pkg) {
        throw notFound(
          `${id}@${version} has no package for ${os ?? '?'}-${arch ?? '?'} and no "any" package (published: ${v.packages.map((p) => p.platform).join(', ')})`,
        );
      }
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${pkg.fileName}"`)
        .header('content-length', pkg.size)
        .header('x-dsforge-sha256', pkg.sha256)
        .header('x-dsforge-platform', pkg.platform)
        .send(createReadStream(ctx.artifacts.abs(v.uploadDir, pkg.fileName)));
    },
  );

  // The signature and certification of a version, for `dsforge install` and the web UI.
  app.get<{ Params: VersionParams & { name: string } }>(
    '/api/plugins/:id/versions/:version/files/:name',
    async (req, reply) => {
      const v = await ctx.storage.getVersion(req.params.id, normalizeVersion(req.params.version));
      if (!v) throw notFound(`${req.params.id}@${req.params.version} is not published here`);
      const { name } = req.params;
      const pkg = v.packages.find((p) => p.fileName === name);
      const sigOf = v.packages.find((p) => `${p.fileName}.sig` === name);
      if (sigOf) return reply.type('application/pgp-signature').send(sigOf.signature);
      if (name === 'certification.json') return reply.type('application/json').send(v.certification);
      if (!pkg) throw notFound(`${v.pluginId}@${v.version} has no file ${name}`);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="${pkg.fileName}"`)
        .header('x-dsforge-sha256', pkg.sha256)
        .send(createReadStream(ctx.artifacts.abs(v.uploadDir, pkg.fileName)));
    },
  );

  yankRoutes(app, ctx);

  app.post<{ Params: IdParams; Body: { issuesUrl?: unknown; openBugs?: unknown } }>(
    '/api/plugins/:id/meta',
    async (req) => {
      await requireOwner(ctx, req, req.params.id);
      return updateMeta(ctx, req.params.id, req.body ?? {});
    },
  );

  app.post<{ Body: Record<string, unknown> }>('/api/installs', async (req, reply) => {
    const b = req.body ?? {};
    const field = (k: string, max = 200) => {
      const v = b[k];
      if (typeof v !== 'string' || !v.trim() || v.length > max) {
        throw new RegistryError(
          400,
          'bad_install',
          `install ping needs a string "${k}" (1–${max} characters)`,
        );
      }
      return v.trim();
    };
    const pluginId = field('pluginId');
    const version = field('version');
    if (!(await ctx.storage.getVersion(pluginId, version)))
      throw notFound(`${pluginId}@${version} is not published here`);
    // A valid token names the team authoritatively; otherwise the ping's own team field is used.
    const team = (await requestTeam(ctx, req))?.name ?? field('team');
    await ctx.storage.recordInstall({
      pluginId,
      version,
      team,
      instanceId: field('instanceId'),
      platform: typeof b.platform === 'string' ? b.platform.slice(0, 40) : 'unknown',
      at: ctx.now().toISOString(),
    });
    return reply.code(201).send({ recorded: true });
  });

  app.get('/api/keys', async () => {
    await ctx.refreshKeyring();
    return {
      ...ctx.keyring.toJSON(),
      certifier: ctx.certifierPublicKeyPem
        ? { publicKeyPem: ctx.certifierPublicKeyPem, keyId: certifierKeyId(ctx.certifierPublicKeyPem) }
        : null,
    };
  });

  app.get('/api/metrics/adoption', async () => ({ items: await adoption(ctx.storage) }));
  app.get('/api/metrics/mission', async () => missionMetrics(ctx.storage));
  app.get('/api/health', async () => ({ ok: true }));
}

/** Applies an issues link / open-bug count edit (API and web form share it). */
export async function updateMeta(
  ctx: RegistryContext,
  id: string,
  body: { issuesUrl?: unknown; openBugs?: unknown },
) {
  const meta: { issuesUrl?: string | null; openBugs?: number | null } = {};
  if (body.issuesUrl !== undefined) {
    const u = String(body.issuesUrl ?? '').trim();
    if (u && !/^https?:\/\/\S+$/.test(u)) {
      throw new RegistryError(400, 'bad_issues_url', 'issuesUrl must be an http(s) URL');
    }
    meta.issuesUrl = u || null;
  }
  if (body.openBugs !== undefined) {
    const s = String(body.openBugs ?? '').trim();
    const n = Number(s);
    if (s && (!Number.isInteger(n) || n < 0)) {
      throw new RegistryError(400, 'bad_open_bugs', 'openBugs must be a whole number ≥ 0');
    }
    meta.openBugs = s ? n : null;
  }
  if (!(await ctx.storage.updatePluginMeta(id, meta))) throw notFound(`no plugin ${id} in this registry`);
  return { pluginId: id, ...meta };
}
