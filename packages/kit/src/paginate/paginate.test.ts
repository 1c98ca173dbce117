import {
  collectPages,
  paginateCursor,
  paginateLinkHeader,
  paginateNextToken,
  paginateOffset,
  paginatePageNumber,
  parseLinkHeader,
} from './index';

/** A token API over `total` numbered items, `size` per page; records each request. */
function tokenApi(total: number, size = 2) {
  const calls: (string | undefined)[] = [];
  return {
    calls,
    fetchPage: async ({ token }: { token?: string }) => {
      calls.push(token);
      const start = token ? Number(token) : 0;
      const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
      const next = start + size < total ? String(start + size) : undefined;
      return { items, next };
    },
  };
}

const signal = () => new AbortController().signal;

describe('paginateNextToken', () => {
  it('follows tokens until the last page and reports no truncation', async () => {
    const api = tokenApi(5);
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        fetchPage: api.fetchPage,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(out.items).toEqual([0, 1, 2, 3, 4]);
    expect(api.calls).toEqual([undefined, '2', '4']);
    expect(out).toMatchObject({ pages: 3, rows: 5, notices: [] });
    expect(out.truncated).toBeUndefined();
  });

  it('stops at maxPages and says so in a warning notice with the configured figure', async () => {
    const api = tokenApi(100);
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        maxPages: 3,
        fetchPage: api.fetchPage,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(out.items).toHaveLength(6);
    expect(api.calls).toHaveLength(3);
    expect(out.truncated?.reason).toBe('maxPages');
    expect(out.notices).toEqual([
      {
        severity: 'warning',
        text: 'Result truncated: stopped after 3 pages (limit). Narrow the query to see all data.',
      },
    ]);
  });

  it('cuts the last page to maxRows and reports it', async () => {
    const api = tokenApi(100, 4);
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        maxRows: 6,
        fetchPage: api.fetchPage,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(out.items).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.notices[0]?.text).toBe(
      'Result truncated: stopped after 6 rows (limit). Narrow the query to see all data.',
    );
  });

  it('uses the default limits of 100 pages and 100,000 rows', async () => {
    const api = tokenApi(1_000_000, 1);
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        fetchPage: api.fetchPage,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(out.pages).toBe(100);
    expect(out.notices[0]?.text).toContain('stopped after 100 pages');
    const big = tokenApi(1_000_000, 60_000);
    const rows = await collectPages(
      paginateNextToken({
        signal: signal(),
        fetchPage: big.fetchPage,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(rows.rows).toBe(100_000);
    expect(rows.notices[0]?.text).toContain('stopped after 100,000 rows');
  });

  it('stops with a notice when the server repeats a token instead of looping', async () => {
    let calls = 0;
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        fetchPage: async () => {
          calls++;
          return { items: [calls], next: 'same' };
        },
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(calls).toBe(2);
    expect(out.items).toEqual([1, 2]);
    expect(out.truncated?.reason).toBe('repeatedToken');
    expect(out.notices[0]?.text).toContain('returned the same page token twice');
  });

  it('stops on an empty page even when a token is given', async () => {
    const pages = [
      { items: [1], next: 'a' },
      { items: [], next: 'b' },
      { items: [2], next: undefined },
    ];
    let i = 0;
    const out = await collectPages(
      paginateNextToken({
        signal: signal(),
        fetchPage: async () => pages[i++]!,
        getItems: (p) => p.items,
        getNextToken: (p) => p.next,
      }),
    );
    expect(out.items).toEqual([1]);
    expect(out.truncated).toBeUndefined();
  });

  it('throws the abort reason when the signal aborts between pages, fetching nothing more', async () => {
    const ac = new AbortController();
    const api = tokenApi(10);
    const gen = paginateNextToken({
      signal: ac.signal,
      fetchPage: api.fetchPage,
      getItems: (p) => p.items,
      getNextToken: (p) => p.next,
    });
    await gen.next();
    const reason = new Error('cancelled by Grafana');
    ac.abort(reason);
    await expect(gen.next()).rejects.toBe(reason);
    expect(api.calls).toHaveLength(1);
  });

  it('passes the signal to fetchPage and drops a page fetched after an abort', async () => {
    const ac = new AbortController();
    let seen: AbortSignal | undefined;
    const gen = paginateNextToken({
      signal: ac.signal,
      fetchPage: async (_p, s) => {
        seen = s;
        ac.abort(new Error('stop'));
        return { items: [1], next: undefined };
      },
      getItems: (p) => p.items,
      getNextToken: (p) => p.next,
    });
    await expect(collectPages(gen)).rejects.toThrow('stop');
    expect(seen).toBe(ac.signal);
  });

  it('rejects bad options when called, not on the first page', () => {
    const base = {
      signal: signal(),
      fetchPage: async () => ({}),
      getItems: () => [],
      getNextToken: () => undefined,
    };
    expect(() => paginateNextToken({ ...base, maxPages: 0 })).toThrow(
      'maxPages must be a positive integer (got 0)',
    );
    expect(() => paginateNextToken({ ...base, signal: undefined as unknown as AbortSignal })).toThrow(
      'AbortSignal',
    );
  });
});

describe('paginateCursor', () => {
  it('uses the last item as the cursor and honours has_more', async () => {
    const data = [10, 11, 12, 13, 14];
    const calls: (string | undefined)[] = [];
    const out = await collectPages(
      paginateCursor({
        signal: signal(),
        fetchPage: async ({ cursor }) => {
          calls.push(cursor);
          const start = cursor === undefined ? 0 : data.indexOf(Number(cursor)) + 1;
          const page = data.slice(start, start + 2);
          return { data: page.map((id) => ({ id })), has_more: start + 2 < data.length };
        },
        getItems: (p) => p.data,
        hasMore: (p) => p.has_more,
        getNextCursor: (_p, items) => items.at(-1)?.id,
      }),
    );
    expect(out.items.map((x) => x.id)).toEqual(data);
    expect(calls).toEqual([undefined, '11', '13']);
  });
});

describe('parseLinkHeader', () => {
  it('reads several links, quoted and unquoted params, commas inside URLs and multiple rels', () => {
    const h =
      '<https://api.x/items?page=2&a=1,2>; rel="next"; title="Next, page", <https://api.x/items?page=9>; rel=last, <https://api.x/items?page=1>; rel="first prev"';
    expect(parseLinkHeader(h)).toEqual([
      {
        url: 'https://api.x/items?page=2&a=1,2',
        rels: ['next'],
        params: { rel: 'next', title: 'Next, page' },
      },
      { url: 'https://api.x/items?page=9', rels: ['last'], params: { rel: 'last' } },
      { url: 'https://api.x/items?page=1', rels: ['first', 'prev'], params: { rel: 'first prev' } },
    ]);
    expect(parseLinkHeader(undefined)).toEqual([]);
  });
});

describe('paginateLinkHeader', () => {
  it('follows rel="next" links (relative ones resolved against the current page) from the default header', async () => {
    const pages: Record<string, { headers: Record<string, string>; body: number[] }> = {
      'https://api.x/v1/items?page=1': { headers: { Link: '</v1/items?page=2>; rel="next"' }, body: [1, 2] },
      'https://api.x/v1/items?page=2': {
        headers: { link: '<items?page=3>; rel="next", <items?page=1>; rel="prev"' },
        body: [3],
      },
      'https://api.x/v1/items?page=3': { headers: {}, body: [4] },
    };
    const urls: string[] = [];
    const out = await collectPages(
      paginateLinkHeader({
        signal: signal(),
        url: 'https://api.x/v1/items?page=1',
        fetchPage: async ({ url }) => {
          urls.push(url);
          return pages[url]!;
        },
        getItems: (r) => r.body,
      }),
    );
    expect(out.items).toEqual([1, 2, 3, 4]);
    expect(urls).toEqual([
      'https://api.x/v1/items?page=1',
      'https://api.x/v1/items?page=2',
      'https://api.x/v1/items?page=3',
    ]);
  });

  it('stops with a notice when next points back to a page already fetched', async () => {
    const out = await collectPages(
      paginateLinkHeader({
        signal: signal(),
        url: 'https://api.x/a',
        fetchPage: async ({ url }) => ({
          headers: { link: `<${url === 'https://api.x/a' ? '/b' : '/a'}>; rel="next"` },
        }),
        getItems: () => [1],
      }),
    );
    expect(out.pages).toBe(2);
    expect(out.truncated?.reason).toBe('repeatedToken');
  });
});

describe('paginateOffset', () => {
  it('advances by the items received and stops on a short page', async () => {
    const calls: [number, number][] = [];
    const out = await collectPages(
      paginateOffset({
        signal: signal(),
        limit: 3,
        fetchPage: async ({ offset, limit }) => {
          calls.push([offset, limit]);
          return Array.from({ length: Math.max(0, Math.min(limit, 7 - offset)) }, (_, i) => offset + i);
        },
        getItems: (r) => r,
      }),
    );
    expect(out.items).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(calls).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
    ]);
  });

  it('keeps going past short pages when a total is reported (servers that cap the page size)', async () => {
    const out = await collectPages(
      paginateOffset({
        signal: signal(),
        limit: 100,
        fetchPage: async ({ offset }) => ({ rows: [offset, offset + 1].filter((x) => x < 5), total: 5 }),
        getItems: (r) => r.rows,
        getTotal: (r) => r.total,
      }),
    );
    expect(out.items).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('paginatePageNumber', () => {
  it('counts pages from startPage and stops at the reported total pages', async () => {
    const calls: number[] = [];
    const out = await collectPages(
      paginatePageNumber({
        signal: signal(),
        pageSize: 2,
        startPage: 0,
        fetchPage: async ({ page }) => {
          calls.push(page);
          return { results: [page * 2, page * 2 + 1], total_pages: 3 };
        },
        getItems: (r) => r.results,
        getTotalPages: (r) => r.total_pages,
      }),
    );
    expect(calls).toEqual([0, 1, 2]);
    expect(out.items).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stops on a short page without a total', async () => {
    const out = await collectPages(
      paginatePageNumber({
        signal: signal(),
        pageSize: 2,
        fetchPage: async ({ page }) => (page === 1 ? [1, 2] : [3]),
        getItems: (r) => r,
      }),
    );
    expect(out.items).toEqual([1, 2, 3]);
  });
});
