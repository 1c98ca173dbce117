/**
 * Security schemes (OpenAPI 3 `components.securitySchemes`, Swagger 2 `securityDefinitions`)
 * mapped to the kit's auth providers.
 * @module
 */
import type { AuthProvider, AuthScheme } from './model';
import type { RefResolver } from './refs';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Words that commonly precede an API key in a header value. */
const KNOWN_PREFIXES = [
  'Token',
  'Bearer',
  'ApiKey',
  'Api-Key',
  'Key',
  'SSWS',
  'JWT',
  'GenieKey',
  'Basic',
  'DSN',
];

/**
 * The text before the key in an API-key header value: the `x-dsforge-prefix` extension, else
 * read from the description — `Authorization: Token <key>`-style examples, or prose such as
 * "the word `Token` followed by a space" / "prefixed with `Bearer `".
 */
export function detectPrefix(scheme: Obj, headerName: string): string | undefined {
  const ext = scheme['x-dsforge-prefix'];
  if (typeof ext === 'string') return ext;
  const text = str(scheme.description);
  if (!text) return undefined;
  // Header names are case-insensitive, the placeholder test (ALL_CAPS) is not: no `i` flag.
  const name = [...headerName]
    .map((c) =>
      /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'),
    )
    .join('');
  // `Authorization: Token INFLUX_API_TOKEN`, `X-Key: ApiKey <your key>`, `Authorization: Bearer $TOKEN`
  const example = new RegExp(
    `${name}\\s*:\\s*([A-Za-z][A-Za-z-]*) +(?:[<{$\\[]|[A-Z][A-Z0-9_]{2,}\\b|[Yy]our\\b|YOUR)`,
  );
  const m = example.exec(text);
  if (m && !/^[A-Z][A-Z0-9_]{2,}$/.test(m[1]!)) return `${m[1]} `;
  const words = KNOWN_PREFIXES.join('|');
  const prose = new RegExp(
    `(?:the word|prefix(?:ed)?(?: (?:with|by))?|preceded by|followed by the|scheme)\\s+[\`'"]?(${words})[\`'"]?(?: followed by a space)?`,
    'i',
  );
  const p = prose.exec(text);
  if (p) return `${KNOWN_PREFIXES.find((w) => w.toLowerCase() === p[1]!.toLowerCase())} `;
  return undefined;
}

function scopesOf(v: unknown): string[] {
  return isObj(v) ? Object.keys(v) : [];
}

/** Maps one scheme; undefined (with a warning) when the kit has no provider for it. */
function mapScheme(name: string, s: Obj, warn: (w: string) => void): AuthScheme | undefined {
  const description = str(s.description);
  const base = { scheme: name, ...(description ? { description } : {}) };
  const forced = str(s['x-dsforge-provider']) as AuthProvider | undefined;
  const type = str(s.type);
  if (forced === 'oauth2TokenExchange' || s['x-dsforge-token-exchange'] === true) {
    const flows = isObj(s.flows) ? Object.values(s.flows).filter(isObj) : [s];
    const flow = flows.find((f) => typeof f.tokenUrl === 'string') ?? {};
    const audience = str(s['x-dsforge-audience']);
    return {
      ...base,
      provider: 'oauth2TokenExchange',
      tokenUrl: str(flow.tokenUrl) ?? '',
      scopes: scopesOf(flow.scopes),
      ...(audience ? { audience } : {}),
    };
  }
  if (forced === 'mtls' || type === 'mutualTLS') return { ...base, provider: 'mtls' };
  if (type === 'apiKey') {
    const where = str(s.in);
    const keyName = str(s.name) ?? 'X-API-Key';
    if (where === 'header') {
      const prefix = detectPrefix(s, keyName);
      return { ...base, provider: 'apiKey', in: 'header', name: keyName, ...(prefix ? { prefix } : {}) };
    }
    if (where === 'query') return { ...base, provider: 'apiKey', in: 'query', name: keyName };
    warn(
      `security scheme "${name}": API key in ${where ?? '(unset)'} is not supported (header or query only); ignored`,
    );
    return undefined;
  }
  if (type === 'basic') return { ...base, provider: 'basic' }; // Swagger 2
  if (type === 'http') {
    const scheme = str(s.scheme)?.toLowerCase();
    if (scheme === 'basic') return { ...base, provider: 'basic' };
    if (scheme === 'bearer') {
      const bearerFormat = str(s.bearerFormat);
      return { ...base, provider: 'bearer', ...(bearerFormat ? { bearerFormat } : {}) };
    }
    warn(
      `security scheme "${name}": HTTP auth scheme "${scheme}" is not supported (basic or bearer only); ignored`,
    );
    return undefined;
  }
  if (type === 'oauth2') {
    // 3.x: flows.clientCredentials; 2.0: flow "application" with tokenUrl.
    const flows = isObj(s.flows) ? s.flows : {};
    const cc = isObj(flows.clientCredentials)
      ? flows.clientCredentials
      : s.flow === 'application'
        ? s
        : undefined;
    if (cc && typeof cc.tokenUrl === 'string') {
      return {
        ...base,
        provider: 'oauth2ClientCredentials',
        tokenUrl: cc.tokenUrl,
        scopes: scopesOf(cc.scopes),
      };
    }
    const kinds = isObj(s.flows) ? Object.keys(s.flows).join(', ') : str(s.flow);
    warn(
      `security scheme "${name}": OAuth2 without a client-credentials flow (${kinds}) mapped to bearer: ` +
        `use a token, or Grafana's "Forward OAuth identity"`,
    );
    return { ...base, provider: 'bearer' };
  }
  if (type === 'openIdConnect') {
    warn(`security scheme "${name}": OpenID Connect mapped to bearer (send an ID/access token)`);
    return { ...base, provider: 'bearer' };
  }
  warn(`security scheme "${name}": type "${type}" is not supported; ignored`);
  return undefined;
}

/**
 * Maps a spec's security schemes. No schemes, or a top-level `security` that allows `{}`
 * (anonymous), adds `{provider: 'none'}`.
 */
export function mapSecuritySchemes(
  schemes: unknown,
  file: string,
  refs: RefResolver,
  anonymousAllowed: boolean,
  warn: (w: string) => void,
): AuthScheme[] {
  const out: AuthScheme[] = [];
  if (isObj(schemes)) {
    for (const [name, raw] of Object.entries(schemes)) {
      const s = refs.deref(raw, file).node;
      if (!isObj(s)) continue;
      const mapped = mapScheme(name, s, warn);
      if (mapped) out.push(mapped);
    }
  }
  if (out.length === 0 || anonymousAllowed) out.push({ scheme: 'none', provider: 'none' });
  return out;
}
