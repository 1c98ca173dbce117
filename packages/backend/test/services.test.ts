import { existsSync, statSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';

import { Frame } from '../src/data';
import { decodeErrorSource } from '../src/grpc/status-details';
import * as health from '../src/grpc/gen/health';
import * as pb from '../src/grpc/gen/pluginv2';
import { services, startInProcess, wirePluginContext, type Harness } from './harness';

const streamReq = (path: string, data = ''): pb.RunStreamRequest => ({
  pluginContext: wirePluginContext(),
  path,
  data: Buffer.from(data),
  headers: {},
});

describe('plugin gRPC server', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is listening on its unix socket before it writes the handshake line', async () => {
    const seen: { line: string; socket: boolean }[] = [];
    h = await startInProcess(
      {},
      {
        stdout: (line) => {
          const path = line.split('|')[3]!;
          seen.push({ line, socket: existsSync(path) && statSync(path).isSocket() });
        },
      },
    );
    expect(seen).toEqual([{ line: `1|2|unix|${h.server.address}|grpc|\n`, socket: true }]);
    expect(h.server.handshake).toBe(seen[0]!.line);
  });

  it('listens on TCP 127.0.0.1 within the port range when asked', async () => {
    h = await startInProcess({}, { listen: { type: 'tcp', host: '127.0.0.1', minPort: 0, maxPort: 0 } });
    expect(h.server.network).toBe('tcp');
    expect(h.server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await h.unary<health.HealthCheckRequest, health.HealthCheckResponse>(
      services.health,
      'check',
      { service: 'plugin' },
    );
    expect(res.status).toBe(health.HealthCheckResponse_ServingStatus.SERVING);
  });

  it('reports health SERVING for "plugin" and "", and NOT_FOUND for other services', async () => {
    h = await startInProcess({});
    for (const service of ['plugin', '']) {
      const res = await h.unary<health.HealthCheckRequest, health.HealthCheckResponse>(
        services.health,
        'check',
        { service },
      );
      expect(res.status).toBe(health.HealthCheckResponse_ServingStatus.SERVING);
    }
    await expect(h.unary(services.health, 'check', { service: 'nope' })).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
    });
  });

  it('keeps the stdio stream open until shutdown, then ends it', async () => {
    h = await startInProcess({});
    const messages = h.stream(services.stdio, 'streamStdio', {});
    const watch = h.stream<health.HealthCheckRequest, health.HealthCheckResponse>(services.health, 'watch', {
      service: 'plugin',
    });
    await new Promise((r) => setTimeout(r, 50));
    await h.server.stop();
    await expect(messages).resolves.toEqual([]);
    await expect(watch).resolves.toEqual([{ status: health.HealthCheckResponse_ServingStatus.SERVING }]);
  });

  it('stops, removes its socket and exits 0 when the host calls GRPCController/Shutdown', async () => {
    const exits: number[] = [];
    h = await startInProcess({}, { exit: (code) => exits.push(code) });
    await h.unary(services.controller, 'shutdown', {});
    await h.server.closed;
    await new Promise((r) => setImmediate(r));
    expect(exits).toEqual([0]);
    expect(existsSync(h.server.address)).toBe(false);
  });

  it('disposes datasource instances on shutdown', async () => {
    const disposed: number[] = [];
    h = await startInProcess({
      createInstance: () => ({ n: 1 }),
      disposeInstance: (i) => void disposed.push((i as { n: number }).n),
      checkHealth: async () => ({ status: 'ok' }),
    });
    await h.unary(services.diagnostics, 'checkHealth', { pluginContext: wirePluginContext(), headers: {} });
    await h.server.stop();
    expect(disposed).toEqual([1]);
  });

  it.each([
    ['diagnostics', 'checkHealth', { pluginContext: wirePluginContext(), headers: {} }],
    ['stream', 'subscribeStream', streamReq('x')],
    ['stream', 'publishStream', streamReq('x')],
  ] as const)('answers %s/%s with UNIMPLEMENTED when the plugin has no handler', async (svc, method, req) => {
    h = await startInProcess({});
    await expect(h.unary(services[svc], method, req)).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
  });

  it.each([
    [
      'resource',
      'callResource',
      {
        pluginContext: wirePluginContext(),
        path: 'x',
        method: 'GET',
        url: 'x',
        headers: {},
        body: Buffer.alloc(0),
      },
    ],
    ['stream', 'runStream', streamReq('x')],
    ['data', 'queryChunkedData', { pluginContext: wirePluginContext(), headers: {}, queries: [], format: 0 }],
  ] as const)('ends %s/%s with UNIMPLEMENTED when the plugin has no handler', async (svc, method, req) => {
    h = await startInProcess({});
    await expect(h.stream(services[svc], method, req)).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
  });

  it('returns Prometheus text from CollectMetrics, with request metrics', async () => {
    h = await startInProcess({ checkHealth: async () => ({ status: 'ok' }) });
    await h.unary(services.diagnostics, 'checkHealth', { pluginContext: wirePluginContext(), headers: {} });
    const res = await h.unary<pb.CollectMetricsRequest, pb.CollectMetricsResponse>(
      services.diagnostics,
      'collectMetrics',
      {},
    );
    const text = res.metrics!.prometheus.toString();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/grafana_plugin_request_total\{endpoint="checkHealth",status="ok"\} 1/);
  });

  it('reports a throwing checkHealth as ERROR with the message, and bad details as ERROR', async () => {
    let mode = 'throw';
    h = await startInProcess({
      checkHealth: async () => {
        if (mode === 'throw') throw new Error('cannot reach upstream');
        return { status: 'ok', details: [1] as unknown as Record<string, unknown> };
      },
    });
    const req = { pluginContext: wirePluginContext(), headers: {} };
    const thrown = await h.unary<pb.CheckHealthRequest, pb.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      req,
    );
    expect(thrown).toMatchObject({
      status: pb.CheckHealthResponse_HealthStatus.ERROR,
      message: 'cannot reach upstream',
    });
    mode = 'array';
    const bad = await h.unary<pb.CheckHealthRequest, pb.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      req,
    );
    expect(bad.status).toBe(pb.CheckHealthResponse_HealthStatus.ERROR);
  });

  it('reports unusable datasource settings in CheckHealth instead of failing the call', async () => {
    h = await startInProcess({ checkHealth: async () => ({ status: 'ok' }) });
    const res = await h.unary<pb.CheckHealthRequest, pb.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      {
        pluginContext: wirePluginContext({ jsonData: '{oops' }),
        headers: {},
      },
    );
    expect(res.status).toBe(pb.CheckHealthResponse_HealthStatus.ERROR);
    expect(res.message).toMatch(/jsonData that is not valid JSON/);
  });

  it('reports a datasource instance that cannot be created as an ERROR health result with the reason', async () => {
    h = await startInProcess({
      createInstance: () => {
        throw new Error('secret "apiKey" is not configured; add it in the datasource settings');
      },
      checkHealth: async () => ({ status: 'ok' }),
    });
    const res = await h.unary<pb.CheckHealthRequest, pb.CheckHealthResponse>(
      services.diagnostics,
      'checkHealth',
      { pluginContext: wirePluginContext(), headers: {} },
    );
    expect(res.status).toBe(pb.CheckHealthResponse_HealthStatus.ERROR);
    expect(res.message).toMatch(/secret "apiKey" is not configured/);
  });

  it('answers a resource handler throw with a 500 JSON message, and streams chunks in order', async () => {
    h = await startInProcess({
      callResource: async (req, _ctx, sender) => {
        if (req.path === 'fail') throw new Error('no database');
        await sender.send({ status: 201, headers: { 'x-a': ['1', '2'] }, body: 'a' });
        await sender.sendBody(new Uint8Array([98]));
      },
    });
    const call = (path: string) =>
      h!.stream<pb.CallResourceRequest, pb.CallResourceResponse>(services.resource, 'callResource', {
        pluginContext: wirePluginContext(),
        path,
        method: 'GET',
        url: path,
        headers: {},
        body: Buffer.alloc(0),
      });
    const [fail] = await call('fail');
    expect(fail!.code).toBe(500);
    expect(JSON.parse(fail!.body.toString())).toEqual({ message: 'no database' });
    const ok = await call('ok');
    expect(ok.map((m) => [m.code, m.body.toString()])).toEqual([
      [201, 'a'],
      [0, 'b'],
    ]);
    expect(ok[0]!.headers['x-a']!.values).toEqual(['1', '2']);
  });

  it('ends a failing RunStream with UNKNOWN and errorSource details, as the Go SDK does', async () => {
    h = await startInProcess({
      runStream: async () => {
        throw Object.assign(new Error('upstream closed'), { source: 'downstream' });
      },
    });
    const err = (await h
      .stream(services.stream, 'runStream', streamReq('x'))
      .catch((e: unknown) => e)) as grpc.ServiceError;
    expect(err.code).toBe(grpc.status.UNKNOWN);
    expect(err.details).toBe('upstream closed');
    expect(decodeErrorSource(err.metadata.get('grpc-status-details-bin')[0] as Buffer)).toBe('downstream');
  });

  it('stops a running stream when the client cancels, and subscribes/denies by default with only runStream', async () => {
    let stopped!: () => void;
    const sawStop = new Promise<void>((r) => (stopped = r));
    h = await startInProcess({
      runStream: async (_req, ctx, sender) => {
        await sender.sendFrame(
          new Frame({ name: 't', fields: [{ name: 'v', type: 'float64', values: [1] }] }),
        );
        await new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r()));
        stopped();
      },
    });
    const sub = await h.unary<pb.SubscribeStreamRequest, pb.SubscribeStreamResponse>(
      services.stream,
      'subscribeStream',
      streamReq('x'),
    );
    expect(sub.status).toBe(pb.SubscribeStreamResponse_Status.OK);
    const pub = await h.unary<pb.PublishStreamRequest, pb.PublishStreamResponse>(
      services.stream,
      'publishStream',
      streamReq('x'),
    );
    expect(pub.status).toBe(pb.PublishStreamResponse_Status.PERMISSION_DENIED);
    const c = h.client(services.stream);
    const call = (c.runStream as (...a: unknown[]) => grpc.ClientReadableStream<pb.StreamPacket>)(
      streamReq('x'),
      new grpc.Metadata(),
      {},
    );
    call.on('error', () => {});
    await new Promise<void>((r) => call.once('data', () => r()));
    call.cancel();
    await sawStop;
  });

  it('adds Grafana’s loggerparamsctxmetadata to the request logger and logs completion at debug', async () => {
    h = await startInProcess({
      checkHealth: async (_r, ctx) => (ctx.logger.info('checking'), { status: 'ok' }),
    });
    const md = new grpc.Metadata();
    md.add('loggerparamsctxmetadata', 'traceID:::abc123');
    await h.unary(
      services.diagnostics,
      'checkHealth',
      { pluginContext: wirePluginContext(), headers: {} },
      { metadata: md },
    );
    expect(h.logs.find((l) => l['@message'] === 'checking')).toMatchObject({
      traceID: 'abc123',
      endpoint: 'checkHealth',
      dsUid: 'ds-uid-1',
    });
    // Go SDK parity: completed requests log at info with status, duration and statusSource.
    expect(h.logs.find((l) => l['@message'] === 'Plugin Request Completed')).toMatchObject({
      '@level': 'info',
      status: 'ok',
      endpoint: 'checkHealth',
      statusSource: 'plugin',
    });
  });
});
