/**
 * The five pagination styles: a client following each style's next reference gets every page.
 */
import { DEFAULT_PAGES, mockUpstream, paginated, PAGINATION_KINDS, status, type MockUpstream } from './index';

let upstream: MockUpstream;

beforeAll(async () => {
  upstream = await mockUpstream();
});

afterEach(() => upstream.reset({ routes: true }));

afterAll(() => upstream.close());

interface Walk {
  rows: unknown[];
  statuses: number[];
}

/** Follows `kind`'s next references from `path` like a client would (at most 10 pages). */
async function walk(kind: string, path: string): Promise<Walk> {
  const rows: unknown[] = [];
  const statuses: number[] = [];
  let url: string | undefined = upstream.url + path;
  let offset = 0;
  let page = 1;
  for (let i = 0; i < 10 && url; i++) {
    const res: Response = await fetch(url);
    statuses.push(res.status);
    if (res.status !== 200) break;
    const body = (await res.json()) as Record<string, unknown> & { items?: unknown[] };
    const items = (kind === 'link' ? body : body.items) as unknown[];
    rows.push(...items);
    const next = (params: Record<string, string | number>) => {
      const u = new URL(upstream.url + path);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
      return u.href;
    };
    switch (kind) {
      case 'next-token':
        url = body.nextToken ? next({ nextToken: String(body.nextToken) }) : undefined;
        break;
      case 'cursor':
        url = body.nextCursor ? next({ cursor: String(body.nextCursor) }) : undefined;
        break;
      case 'link':
        url = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
        break;
      case 'offset':
        offset += items.length;
        url = offset < Number(body.total) ? next({ offset, limit: 2 }) : undefined;
        break;
      case 'page-number':
        page++;
        url = page <= Number(body.totalPages) ? next({ page }) : undefined;
        break;
    }
  }
  return { rows, statuses };
}

describe('paginated', () => {
  it.each(PAGINATION_KINDS)('serves every page in %s style', async (kind) => {
    const { rows, statuses } = await walk(kind, `/pages/${kind}`);
    expect(rows).toEqual(DEFAULT_PAGES.flat());
    expect(statuses).toEqual([200, 200, 200]);
  });

  it.each(PAGINATION_KINDS)('fails the page named by ?failAt= in %s style', async (kind) => {
    const { rows, statuses } = await walk(kind, `/pages/${kind}?failAt=2&failWith=503`);
    expect(rows).toEqual(DEFAULT_PAGES[0]);
    expect(statuses).toEqual([200, 503]);
  });

  it('answers a page that is a scenario with that scenario', async () => {
    upstream.route('GET', '/p', paginated('page-number', [[1], status(502), [3]]));
    expect((await fetch(`${upstream.url}/p?page=2`)).status).toBe(502);
    expect(await (await fetch(`${upstream.url}/p?page=3`)).json()).toEqual({
      items: [3],
      page: 3,
      totalPages: 3,
    });
  });

  it('answers past the last page with an empty page and no next reference', async () => {
    expect(await (await fetch(`${upstream.url}/pages/next-token?nextToken=page-9`)).json()).toEqual({
      items: [],
      nextToken: null,
    });
    const res = await fetch(`${upstream.url}/pages/link?page=9`);
    expect(res.headers.get('link')).toBeNull();
    expect(await res.json()).toEqual([]);
  });

  it('rejects a bad page reference and an unknown kind', async () => {
    expect((await fetch(`${upstream.url}/pages/cursor?cursor=garbage`)).status).toBe(400);
    expect((await fetch(`${upstream.url}/pages/graphql`)).status).toBe(404);
  });

  it('slices rows at any offset and limit in offset style', async () => {
    const res = await fetch(`${upstream.url}/pages/offset?offset=1&limit=4`);
    expect(await res.json()).toEqual({
      items: DEFAULT_PAGES.flat().slice(1, 5),
      offset: 1,
      limit: 4,
      total: 6,
    });
    const fail = await fetch(`${upstream.url}/pages/offset?offset=0&limit=100&failAt=2`);
    expect(await fail.json()).toMatchObject({ items: DEFAULT_PAGES[0], total: 6 });
    expect((await fetch(`${upstream.url}/pages/offset?offset=2&limit=100&failAt=2`)).status).toBe(500);
  });

  it('uses another items key when asked', async () => {
    upstream.route('GET', '/d', paginated('cursor', [[1]], { itemsKey: 'data' }));
    expect(await (await fetch(`${upstream.url}/d`)).json()).toEqual({ data: [1], nextCursor: null });
  });
});
