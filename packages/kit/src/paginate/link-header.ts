/**
 * RFC 8288 `Link` header pagination (GitHub, GitLab, many REST APIs):
 * `Link: <https://api.example.com/items?page=2>; rel="next", <...>; rel="last"`.
 * @module
 */
import { checkCommon, pageLoop, type PaginateCommon, type Paginator } from './paginate';

/** One link of a Link header. */
export interface Link {
  url: string;
  /** Relation types, lower-cased (`rel="next prev"` gives two). */
  rels: string[];
  /** Other parameters, names lower-cased, values unquoted. */
  params: Record<string, string>;
}

/**
 * Parses a Link header value (RFC 8288 §3): comma-separated `<uri>; param=value; param="quoted"`
 * entries. Commas inside `<...>` or quoted strings do not split. Malformed entries are skipped;
 * empty or missing input → `[]`.
 */
export function parseLinkHeader(value: string | null | undefined): Link[] {
  const links: Link[] = [];
  if (!value) return links;
  let i = 0;
  const s = value;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    const gt = s.indexOf('>', lt);
    if (gt < 0) break;
    const url = s.slice(lt + 1, gt).trim();
    i = gt + 1;
    const params: Record<string, string> = {};
    // Parameters until the next top-level comma.
    for (;;) {
      const m = /^\s*;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^;,\s]*)))?/.exec(
        s.slice(i),
      );
      if (!m) break;
      const name = m[1]!.toLowerCase();
      // RFC 8288: only the first occurrence of a parameter counts.
      if (!(name in params)) params[name] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
      i += m[0].length;
    }
    const comma = s.indexOf(',', i);
    i = comma < 0 ? s.length : comma + 1;
    const rels = (params.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ url, rels, params });
  }
  return links;
}

/** The `rel="next"` URL of a Link header, resolved against `base`; undefined when none. */
export function nextLink(header: string | null | undefined, base: string): string | undefined {
  const link = parseLinkHeader(header).find((l) => l.rels.includes('next'));
  if (!link) return undefined;
  try {
    return new URL(link.url, base).toString();
  } catch {
    return undefined;
  }
}

/** Options for {@link paginateLinkHeader}. */
export interface LinkHeaderOptions<R, T> extends PaginateCommon<R, T> {
  /** The first page's URL (absolute; next links are resolved against the current page's URL). */
  url: string;
  /** Fetches one page by URL. */
  fetchPage(params: { url: string }, signal: AbortSignal): Promise<R>;
  /**
   * The response's Link header. Default: `response.headers.link` (any case), which fits the
   * kit's `UpstreamResponse`.
   */
  getLinkHeader?(response: R): string | null | undefined;
}

function defaultLinkHeader(response: unknown): string | undefined {
  const headers = (response as { headers?: unknown } | null)?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | null }).get('link') ?? undefined;
  for (const [k, v] of Object.entries(headers))
    if (k.toLowerCase() === 'link' && typeof v === 'string') return v;
  return undefined;
}

/**
 * Pages by following `rel="next"` links. Same limits and stop rules as the other paginators; a
 * next URL already fetched stops paging with a notice (a loop).
 *
 * @example
 * const pages = paginateLinkHeader({
 *   signal: ctx.signal,
 *   url: `${base}/repos/o/r/issues?per_page=100`,
 *   fetchPage: ({ url }, signal) => ctx.fetch({ url, signal }),
 *   getItems: (res) => res.json<Issue[]>(),
 * });
 */
export function paginateLinkHeader<R, T>(opts: LinkHeaderOptions<R, T>): Paginator<R, T> {
  const limits = checkCommon(opts);
  if (typeof opts.url !== 'string' || opts.url === '')
    throw new TypeError('paginateLinkHeader: `url` must be a URL');
  const getLink = opts.getLinkHeader ?? defaultLinkHeader;
  let current = opts.url;
  return pageLoop(opts, limits, { params: { url: current }, key: current }, (response) => {
    const url = nextLink(getLink(response), current);
    if (!url) return undefined;
    current = url;
    return { params: { url }, key: url };
  });
}
