import type { FastifyInstance, FastifyRequest } from 'fastify';
import { newestFirst, normalizeVersion } from '../catalog';
import { RegistryError } from '../errors';
import type { RegistryStorage, YankAction } from '../storage/types';
import { requireOwner, type RegistryContext } from './context';

type VersionParams = { id: string; version: string };
type ChangeRequest = FastifyRequest<{ Params: VersionParams; Body: unknown }>;

const MAX_REASON = 1000;

/**
 * Yank, un-yank and the yank history of a version. Both changes need a token of the team that
 * owns the plugin and a reason, and each one is recorded (team, time, reason) so an SRE can
 * later see who hid or restored a version and why.
 */
export function yankRoutes(app: FastifyInstance, ctx: RegistryContext): void {
  const change = (action: YankAction) => async (req: ChangeRequest) => {
    const { id } = req.params;
    const version = normalizeVersion(req.params.version);
    const team = await requireOwner(ctx, req, id);
    const body = (req.body ?? {}) as { reason?: unknown };
    const reason = typeof body.reason === 'string' ? body.reason.trim().slice(0, MAX_REASON) : '';
    if (!reason) {
      throw new RegistryError(
        400,
        'reason_required',
        `${action === 'yank' ? 'yanking' : 'un-yanking'} needs a reason: {"reason": "..."}`,
      );
    }
    const at = ctx.now().toISOString();
    const outcome = await ctx.storage.setYanked({
      pluginId: id,
      version,
      action,
      team: team.name,
      reason,
      at,
    });
    if (outcome === 'missing') throw await versionNotFound(ctx.storage, id, version);
    const v = (await ctx.storage.getVersion(id, version))!;
    return {
      pluginId: id,
      version,
      yanked: v.yanked,
      changed: outcome === 'changed',
      yankReason: v.yankReason,
      yankedAt: v.yankedAt,
      ...(outcome === 'changed' ? { event: { action, team: team.name, reason, at } } : {}),
    };
  };

  app.post<{ Params: VersionParams; Body: unknown }>(
    '/api/plugins/:id/versions/:version/yank',
    change('yank'),
  );
  app.post<{ Params: VersionParams; Body: unknown }>(
    '/api/plugins/:id/versions/:version/unyank',
    change('unyank'),
  );

  app.get<{ Params: VersionParams }>('/api/plugins/:id/versions/:version/yanks', async (req) => {
    const version = normalizeVersion(req.params.version);
    if (!(await ctx.storage.getVersion(req.params.id, version)))
      throw await versionNotFound(ctx.storage, req.params.id, version);
    return { items: await ctx.storage.listYankEvents(req.params.id, version) };
  });
}

/** A 404 that names what exists, so a mistyped version is easy to correct. */
async function versionNotFound(
  storage: RegistryStorage,
  id: string,
  version: string,
): Promise<RegistryError> {
  const all = newestFirst(await storage.listVersions(id));
  if (all.length === 0) return new RegistryError(404, 'not_found', `no plugin ${id} in this registry`);
  const list = all.map((v) => (v.yanked ? `${v.version} (yanked)` : v.version)).join(', ');
  return new RegistryError(404, 'not_found', `${id}@${version} is not published here; its versions: ${list}`);
}
