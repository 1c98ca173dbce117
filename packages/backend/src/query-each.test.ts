import { Frame } from './data';
import type { RequestContext } from './handler';
import { noopLogger } from './log';
import { GrafanaConfig } from './plugin-context';
import type { DataQuery } from './query-data';
import { queryEach } from './query-each';

function ctx(): RequestContext<unknown> {
  return {
    plugin: {
      orgId: 1,
      pluginId: 'p',
      pluginVersion: '',
      userAgent: '',
      apiVersion: '',
      namespace: '',
      grafanaConfig: new GrafanaConfig(),
    },
    instance: undefined,
    signal: new AbortController().signal,
    remainingMs: () => Infinity,
    logger: noopLogger(),
    headers: {},
  };
}

const q = (refId: string): DataQuery => ({
  refId,
  queryType: '',
  maxDataPoints: 1,
  intervalMs: 1,
  timeRange: { from: new Date(0), to: new Date(1) },
  query: {},
  json: {},
});

describe('queryEach', () => {
  it('answers each query from its own result and turns a throw into that query’s error', async () => {
    const handler = queryEach(async (query) => {
      if (query.refId === 'B')
        throw Object.assign(new Error('rate limited'), { status: 429, source: 'downstream' });
      if (query.refId === 'C') return { error: 'bad', status: 400 };
      return [new Frame({ name: query.refId })];
    });
    const res = await handler(
      { queries: [q('A'), q('B'), q('C')], headers: {}, plugin: ctx().plugin },
      ctx(),
    );
    expect(res.responses.A!.frames![0]!.name).toBe('A');
    expect(res.responses.B).toEqual({ error: 'rate limited', status: 429, errorSource: 'downstream' });
    expect(res.responses.C).toEqual({ error: 'bad', status: 400 });
  });

  it('runs at most `concurrency` queries at once', async () => {
    let running = 0;
    let peak = 0;
    const handler = queryEach(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return [];
      },
      { concurrency: 2 },
    );
    await handler({ queries: ['A', 'B', 'C', 'D', 'E'].map(q), headers: {}, plugin: ctx().plugin }, ctx());
    expect(peak).toBe(2);
  });
});
