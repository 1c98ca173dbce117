import type { FastifyInstance, FastifyReply } from 'fastify';
import { newestFirst, normalizeVersion, visiblePlugins } from '../catalog';
import { RegistryError } from '../errors';
import { adoption, missionMetrics } from '../metrics';
import { ownsPlugin, teamForToken } from '../tokens';
import { STYLE } from '../ui/html';
import { adoptionPage, browsePage, errorPage, missionPage, myTeamPage } from '../ui/pages';
import { pluginPage } from '../ui/plugin-page';
import { updateMeta } from './api-routes';
import { baseUrl, requestTeam, type RegistryContext } from './context';

const page = (reply: FastifyReply, body: string, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(body);

/** Server-rendered web UI: no client-side JavaScript at all, forms post back to the server. */
export function uiRoutes(app: FastifyInstance, ctx: RegistryContext): void {
  app.get('/assets/style.css', async (_req, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(STYLE),
  );

  app.get<{ Querystring: { q?: string } }>('/', async (req, reply) => {
    const q = req.query.q ?? '';
    const [entries, adoptions, team] = await Promise.all([
      visiblePlugins(ctx.storage, { q }),
      adoption(ctx.storage),
      requestTeam(ctx, req),
    ]);
    return page(reply, browsePage(entries, q, adoptions, team?.name));
  });

  app.get<{ Params: { id: string }; Querystring: { version?: string } }>(
    '/plugins/:id',
    async (req, reply) => {
      const plugin = await ctx.storage.getPlugin(req.params.id);
      const all = plugin ? newestFirst(await ctx.storage.listVersions(plugin.id)) : [];
      const shown = req.query.version
        ? all.find((v) => v.version === normalizeVersion(req.query.version!))
        : (all.find((v) => !v.yanked) ?? all[0]);
      if (!plugin || !shown)
        return page(reply, errorPage(404, `No plugin ${req.params.id} in this registry.`), 404);
      const pkg = shown.packages.find((p) => p.platform === 'any') ?? shown.packages[0]!;
      await ctx.refreshKeyring();
      // Re-verify against today's keyring: a key revoked after publishing shows up here.
      const sig = await ctx.keyring.verifyDetached(
        ctx.artifacts.abs(shown.uploadDir, pkg.fileName),
        pkg.signature,
      );
      const [[adopt], team, yankEvents] = await Promise.all([
        adoption(ctx.storage, plugin.id),
        requestTeam(ctx, req),
        ctx.storage.listYankEvents(plugin.id),
      ]);
      return page(
        reply,
        pluginPage({
          plugin,
          versions: all,
          shown,
          yankEvents,
          adoption: adopt!,
          signatureStatus: sig,
          registryUrl: baseUrl(req),
          team: team?.name,
          owner: team !== undefined && ownsPlugin(team, plugin.id),
        }),
      );
    },
  );

  app.get('/teams/mine', async (req, reply) => {
    const team = await requestTeam(ctx, req);
    const plugins = team
      ? (await ctx.storage.listPlugins()).filter((p) => p.team === team.name || ownsPlugin(team, p.id))
      : [];
    return page(reply, myTeamPage(team, plugins));
  });

  app.post<{ Body: { token?: string } }>('/session', async (req, reply) => {
    const token = (req.body?.token ?? '').trim();
    const team = token ? await teamForToken(ctx.storage, token) : undefined;
    if (!team) return page(reply, myTeamPage(undefined, [], 'That token is not valid.'), 401);
    const secure = req.protocol === 'https' ? '; Secure' : '';
    return reply
      .header(
        'set-cookie',
        `dsforge_token=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`,
      )
      .redirect('/teams/mine', 303);
  });

  app.post('/session/logout', async (_req, reply) =>
    reply
      .header('set-cookie', 'dsforge_token=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0')
      .redirect('/', 303),
  );

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    '/plugins/:id/meta',
    async (req, reply) => {
      const team = await requestTeam(ctx, req);
      if (!team || !ownsPlugin(team, req.params.id)) {
        return page(reply, errorPage(403, 'Sign in with a token of the team that owns this plugin.'), 403);
      }
      try {
        await updateMeta(ctx, req.params.id, {
          issuesUrl: req.body?.issuesUrl,
          openBugs: req.body?.openBugs,
        });
      } catch (err) {
        if (!(err instanceof RegistryError)) throw err;
        const plugins = (await ctx.storage.listPlugins()).filter((p) => ownsPlugin(team, p.id));
        return page(reply, myTeamPage(team, plugins, err.message), err.status);
      }
      return reply.redirect('/teams/mine', 303);
    },
  );

  app.get('/adoption', async (req, reply) => {
    const [items, plugins, team] = await Promise.all([
      adoption(ctx.storage),
      ctx.storage.listPlugins(),
      requestTeam(ctx, req),
    ]);
    return page(reply, adoptionPage(items, new Map(plugins.map((p) => [p.id, p.name])), team?.name));
  });

  app.get('/mission', async (req, reply) => {
    const team = await requestTeam(ctx, req);
    return page(reply, missionPage(await missionMetrics(ctx.storage), team?.name));
  });
}
