/**
 * startPlugin against a real plugin binary implementing the example contract (the TS example's
 * packaged binary, or the Go reference plugin; see test-plugin-binary.ts).
 */
import { PluginCallError, startPlugin, type PluginClient } from './index';
import { testPluginBinary } from './test-plugin-binary';

const binary = testPluginBinary();
const SECRET = 'sekret-api-key-123';
const from = new Date('2026-01-02T03:04:05.000Z');
const timeRange = { from, to: new Date(from.getTime() + 3_600_000) };

let plugin: PluginClient;

beforeAll(async () => {
  plugin = await startPlugin(binary, {
    secrets: { apiKey: SECRET },
    settings: { jsonData: { region: 'eu' } },
  });
});

afterAll(async () => {
  await plugin?.shutdown();
});

/** Waits until `abort` can be called after the plugin has the call in hand. */
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startPlugin against ' + binary, () => {
  it('connects to a running plugin process', () => {
    expect(plugin.pid).toBeGreaterThan(0);
    expect(plugin.address.length).toBeGreaterThan(0);
  });

  describe('query', () => {
    it('returns the rows scenario as a decoded frame', async () => {
      const res = await plugin.query([{ refId: 'A', json: { scenario: 'rows', rows: 3 }, timeRange }]);
      const a = res.A!;
      expect(a.status).toBe(200);
      expect(a.error).toBeUndefined();
      expect(a.rawFrames).toHaveLength(1);
      expect(Buffer.from(a.rawFrames[0]!.subarray(0, 6)).toString()).toBe('ARROW1');
      const [frame] = a.frames;
      expect(frame?.name).toBe('rows');
      expect(frame?.refId).toBe('A');
      expect(frame?.meta?.executedQueryString).toBe('rows 3');
      expect(frame?.fields.map((f) => [f.name, f.type])).toEqual([
        ['time', 'time'],
        ['value', 'float64'],
        ['label', 'string'],
      ]);
      const ns = BigInt(from.getTime()) * 1_000_000n;
      expect(frame?.fields[0]?.values).toEqual([ns, ns + 1_000_000_000n, ns + 2_000_000_000n]);
      expect(frame?.fields[1]?.values).toEqual([0, 1.5, 3]);
      expect(frame?.fields[2]?.values).toEqual(['series-0', 'series-1', 'series-2']);
    });

    it('keeps per-query errors apart from successful queries in the same request', async () => {
      const res = await plugin.query([
        { refId: 'E', json: { scenario: 'error' } },
        { refId: 'T', json: { scenario: 'throw' } },
        { refId: 'R', json: { scenario: 'rows', rows: 2 } },
      ]);
      expect(res.E).toMatchObject({
        status: 400,
        errorSource: 'downstream',
        error: 'upstream rejected the query: scenario error',
        rawFrames: [],
      });
      expect(res.T?.status).toBe(500);
      expect(res.T?.errorSource).toBe('plugin');
      expect(res.T?.error).toContain('boom');
      expect(res.R?.status).toBe(200);
      expect(res.R?.frames[0]?.rowCount).toBe(2);
    });

    it('sends a string query model raw, so invalid JSON reaches the plugin', async () => {
      const res = await plugin.query([
        { refId: 'J', json: '{"scenario": ' },
        { refId: 'U', json: { scenario: 'nope' } },
      ]);
      expect(res.J).toMatchObject({ status: 400, errorSource: 'plugin' });
      expect(res.J?.error).toContain('query JSON is invalid');
      expect(res.U?.status).toBe(400);
      expect(res.U?.error).toContain('unknown scenario "nope"');
    });

    it('cancels a call when its AbortSignal aborts, and the plugin sees the cancellation', async () => {
      const controller = new AbortController();
      const pending = plugin.query([{ refId: 'S', json: { scenario: 'slow' } }], {
        signal: controller.signal,
      });
      await tick(500); // let the plugin start the handler first (generous on a loaded machine)
      controller.abort();
      await expect(pending).rejects.toMatchObject({ name: 'PluginCallError', codeName: 'CANCELLED' });

      const line = await plugin.waitForLog(
        (e) => e.message === 'query cancelled' && e.fields.refId === 'S',
        10_000,
      );
      expect(line.level).toBe('info');
      expect(line.json).toBe(true);
      expect(line.timestampText).toMatch(/\.\d{6}Z$/);

      const stats = await plugin.resource({ path: 'stats' });
      expect(JSON.parse(stats.body.toString()).cancelled).toBeGreaterThanOrEqual(1);
    });

    it('sends a deadline that ends a slow query with DEADLINE_EXCEEDED', async () => {
      const err = await plugin
        .query([{ refId: 'D', json: { scenario: 'slow' } }], { deadlineMs: 300 })
        .catch((e) => e);
      expect(err).toBeInstanceOf(PluginCallError);
      expect(err.codeName).toBe('DEADLINE_EXCEEDED');
      await plugin.waitForLog((e) => e.message === 'query cancelled' && e.fields.refId === 'D', 10_000);
    });
  });

  describe('health', () => {
    it('reports OK with the datasource uid in the details', async () => {
      const res = await plugin.health();
      expect(res.status).toBe('OK');
      expect(res.message).toBe('Example datasource is working');
      expect(res.details).toMatchObject({ uid: 'ds-uid-1' });
      expect(JSON.stringify(res)).not.toContain(SECRET);
    });

    it('reports ERROR when the settings ask for it', async () => {
      const res = await plugin.health({
        settings: { uid: 'ds-failing', jsonData: { failHealth: true }, updated: new Date() },
      });
      expect(res).toMatchObject({
        status: 'ERROR',
        message: 'Health check failed because jsonData.failHealth is set',
      });
    });
  });

  describe('resource', () => {
    it('echoes method, path, url, body and user', async () => {
      const res = await plugin.resource({ method: 'POST', path: 'echo?x=1', body: 'hello body' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toEqual(['application/json']);
      expect(JSON.parse(res.body.toString())).toEqual({
        method: 'POST',
        path: 'echo',
        url: 'echo?x=1',
        body: 'hello body',
        user: 'admin',
      });
    });

    it('sends no user when the call has none, as for alerting', async () => {
      const res = await plugin.resource({ path: 'echo' }, { user: null });
      expect(JSON.parse(res.body.toString()).user).toBeNull();
    });

    it('collects every chunk of a streamed response', async () => {
      const res = await plugin.resource({ path: 'chunks' });
      expect(res.status).toBe(200);
      expect(res.chunks.map((c) => c.toString())).toEqual(['one\n', 'two\n', 'three\n']);
      expect(res.body.toString()).toBe('one\ntwo\nthree\n');
    });

    it('returns the plugin 404 for an unknown path', async () => {
      const res = await plugin.resource({ path: 'nope' });
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body.toString())).toEqual({ message: 'no resource at nope' });
    });
  });

  describe('streams', () => {
    it('subscribes to ticks only and refuses publishing', async () => {
      expect((await plugin.subscribe('ticks')).status).toBe('OK');
      expect((await plugin.subscribe('other')).status).toBe('NOT_FOUND');
      expect((await plugin.publish('ticks', { x: 1 })).status).toBe('PERMISSION_DENIED');
    });

    it('yields each stream packet as parsed frame JSON, the first with its schema', async () => {
      const packets: Array<{ schema?: { fields: Array<{ name: string }> }; data: { values: unknown[][] } }> =
        [];
      for await (const p of plugin.stream('ticks', { count: 3, intervalMs: 5 }))
        packets.push(p as (typeof packets)[0]);
      expect(packets).toHaveLength(3);
      expect(packets[0]?.schema?.fields.map((f) => f.name)).toEqual(['time', 'value']);
      expect(packets.map((p) => p.data.values[1]?.[0])).toEqual([0, 1, 2]);
    });

    it('cancels the stream when the consumer stops early, and keeps serving', async () => {
      let seen = 0;
      for await (const _ of plugin.stream('ticks', { count: 10_000, intervalMs: 10 })) {
        if (++seen === 2) break;
      }
      expect(seen).toBe(2);
      expect((await plugin.health()).status).toBe('OK');
    });

    it('ends the stream quietly when its signal aborts', async () => {
      const controller = new AbortController();
      let seen = 0;
      for await (const _ of plugin.stream(
        'ticks',
        { count: 10_000, intervalMs: 10 },
        { signal: controller.signal },
      )) {
        if (++seen === 1) controller.abort();
      }
      expect(seen).toBeGreaterThanOrEqual(1);
    });
  });

  it('collects Prometheus metrics text', async () => {
    const text = await plugin.metrics();
    expect(text).toContain('dsforge_example_queries_total');
    expect(text).toMatch(/^# (HELP|TYPE) /m);
  });

  it('parsed every stderr line as an hclog JSON line with no protocol violations', () => {
    expect(plugin.logs.length).toBeGreaterThan(0);
    expect(plugin.protocolViolations).toEqual([]);
    expect(plugin.logs.filter((e) => !e.json).map((e) => e.raw)).toEqual([]);
  });

  it('wrote nothing to stdout after the handshake', () => {
    expect(plugin.stdoutAfterHandshake).toEqual([]);
  });
});

describe('shutdown', () => {
  it('stops the plugin gracefully through GRPCController/Shutdown', async () => {
    const own = await startPlugin(binary);
    expect((await own.health()).status).toBe('OK');
    const result = await own.shutdown();
    expect(result.graceful).toBe(true);
    expect(result.signal).toBeNull();
    await expect(own.exited).resolves.toEqual({ code: result.code, signal: null });
  });
});
