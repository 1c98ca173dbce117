import type { FastifyRequest } from 'fastify';
import type { ArtifactStore } from '../artifacts';
import { RegistryError } from '../errors';
import type { RegistryStorage, TeamRow } from '../storage/types';
import { ownsPlugin, teamForToken, tokenFromRequest } from '../tokens';
import type { KeyRing } from '../trust';

/** Everything route handlers share. */
export interface RegistryContext {
  storage: RegistryStorage;
  artifacts: ArtifactStore;
  keyring: KeyRing;
  /** Re-reads the keyring file when it changed (rotation/revocation without a restart). */
  refreshKeyring: () => Promise<void>;
  certifierPublicKeyPem: string | undefined;
  maxUploadBytes: number;
  now: () => Date;
}

/** `http(s)://host[:port]` as the client addressed this server (for absolute download URLs). */
export function baseUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** The team behind the request's token (header or cookie), or undefined. */
export async function requestTeam(ctx: RegistryContext, req: FastifyRequest): Promise<TeamRow | undefined> {
  const token = tokenFromRequest(req.headers);
  return token ? teamForToken(ctx.storage, token) : undefined;
}

/** The requesting team when it owns `pluginId`; otherwise a 401/403 naming the problem. */
export async function requireOwner(
  ctx: RegistryContext,
  req: FastifyRequest,
  pluginId: string,
): Promise<TeamRow> {
  const team = await requestTeam(ctx, req);
  if (!team)
    throw new RegistryError(
      401,
      'bad_token',
      'this needs a valid team token (Authorization: Bearer <token>)',
    );
  if (!ownsPlugin(team, pluginId)) {
    throw new RegistryError(403, 'wrong_team', `team "${team.name}" does not own ${pluginId}`);
  }
  return team;
}
