/**
 * Server URLs: OpenAPI 3 `servers` (with variables) and Swagger 2 `host`/`basePath`/`schemes`.
 * @module
 */
import type { Server } from './model';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The URL with each `{variable}` replaced by its default. */
export function serverUrlWithDefaults(server: Pick<Server, 'url' | 'variables'>): string {
  return server.url.replace(/\{([^}]+)\}/g, (whole, v: string) => server.variables?.[v]?.default ?? whole);
}

/** True for URLs without a scheme and host (`/api/v2`, `v1`): joined to the datasource URL later. */
export function isRelativeUrl(url: string): boolean {
  return !/^([a-z][a-z0-9+.-]*:)?\/\//i.test(url);
}

/** OpenAPI 3 `servers`; none given means the spec's default, `/`, relative. */
export function readServers3(servers: unknown, warn: (w: string) => void): Server[] {
  if (!Array.isArray(servers) || servers.length === 0) return [{ url: '/', relative: true }];
  const out: Server[] = [];
  for (const s of servers) {
    if (!isObj(s) || typeof s.url !== 'string') {
      warn('a server entry without a "url" is ignored');
      continue;
    }
    const server: Server = { url: s.url, relative: false };
    if (typeof s.description === 'string') server.description = s.description;
    if (isObj(s.variables)) {
      server.variables = {};
      for (const [name, v] of Object.entries(s.variables)) {
        if (!isObj(v)) continue;
        const values = Array.isArray(v.enum) ? v.enum.map(String) : undefined;
        server.variables[name] = {
          default: v.default !== undefined ? String(v.default) : (values?.[0] ?? ''),
          ...(values ? { enum: values } : {}),
          ...(typeof v.description === 'string' ? { description: v.description } : {}),
        };
      }
    }
    server.relative = isRelativeUrl(serverUrlWithDefaults(server));
    out.push(server);
  }
  return out.length > 0 ? out : [{ url: '/', relative: true }];
}

/** Swagger 2: one server per scheme from `host` + `basePath`; no host means relative. */
export function readServers2(doc: Obj): Server[] {
  const basePath = typeof doc.basePath === 'string' ? doc.basePath : '';
  const host = typeof doc.host === 'string' ? doc.host : undefined;
  if (!host) return [{ url: basePath || '/', relative: true }];
  const schemes = Array.isArray(doc.schemes) && doc.schemes.length > 0 ? doc.schemes.map(String) : ['https'];
  // https first: a datasource should prefer TLS when the API offers both.
  schemes.sort((a, b) => (a === 'https' ? -1 : b === 'https' ? 1 : 0));
  return schemes.map((scheme) => ({ url: `${scheme}://${host}${basePath}`, relative: false }));
}
