import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { RegistryStorage, TeamRow } from './storage/types';

/**
 * Team tokens look like `dsf_<id>_<secret>`. The id finds the team row; only an scrypt hash of
 * the secret is stored, and it is compared in constant time, so a database leak does not leak
 * publish rights and response timing does not reveal how much of a guess was right.
 */
const PREFIX = 'dsf_';
// A fixed salt per token id is enough: secrets are 256-bit random, not passwords.
const hash = (tokenId: string, secret: string): Buffer =>
  scryptSync(secret, `dsforge-team-token:${tokenId}`, 32, { N: 1 << 14, r: 8, p: 1 });

/** A new token and the values to store for it. */
export function newTeamToken(): { token: string; tokenId: string; tokenHash: string } {
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return {
    token: `${PREFIX}${tokenId}_${secret}`,
    tokenId,
    tokenHash: hash(tokenId, secret).toString('hex'),
  };
}

/** The team a token belongs to, or undefined for a malformed, unknown or wrong token. */
export async function teamForToken(storage: RegistryStorage, token: string): Promise<TeamRow | undefined> {
  const m = /^dsf_([0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$/.exec(token.trim());
  if (!m) return undefined;
  const [, tokenId, secret] = m as unknown as [string, string, string];
  const team = await storage.getTeamByTokenId(tokenId);
  if (!team) return undefined;
  const expected = Buffer.from(team.tokenHash, 'hex');
  const actual = hash(tokenId, secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? team : undefined;
}

/** True when `team` may publish `pluginId` (one of its prefixes starts the id). */
export function ownsPlugin(team: TeamRow, pluginId: string): boolean {
  return team.owns.some((prefix) => prefix.length > 0 && pluginId.startsWith(prefix));
}

/** Reads a token from `Authorization: Bearer …` or the UI's `dsforge_token` cookie. */
export function tokenFromRequest(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim();
  const cookie = headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === 'dsforge_token') return decodeURIComponent(v.join('='));
    }
  }
  return undefined;
}
