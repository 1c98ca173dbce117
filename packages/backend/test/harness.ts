/**
 * In-process test harness: starts a plugin server on a fresh unix socket and returns promise-based
 * clients built from the generated service definitions (no spawning).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as grpc from '@grpc/grpc-js';

import type { ServeOptions } from '../src/handler';
import { createLogger, type Logger } from '../src/log';
import { GRPCControllerService, GRPCStdioService } from '../src/grpc/gen/goplugin';
import { HealthService } from '../src/grpc/gen/health';
import * as pb from '../src/grpc/gen/pluginv2';
import { createPluginServer, type PluginServer, type PluginServerHooks } from '../src/grpc/server';

export interface LogLine {
  '@level': string;
  '@message': string;
  [k: string]: unknown;
}

export interface Harness {
  server: PluginServer;
  logs: LogLine[];
  logger: Logger;
  client<S extends grpc.ServiceDefinition>(
    service: S,
  ): grpc.Client & Record<string, (...args: unknown[]) => unknown>;
  unary<Req, Res>(
    service: grpc.ServiceDefinition,
    method: string,
    req: Req,
    opts?: grpc.CallOptions & { metadata?: grpc.Metadata },
  ): Promise<Res>;
  stream<Req, Res>(
    service: grpc.ServiceDefinition,
    method: string,
    req: Req,
    opts?: grpc.CallOptions,
  ): Promise<Res[]>;
  close(): Promise<void>;
}

/** Starts `options` in-process; `close()` stops the server and removes the temp dir. */
export async function startInProcess(
  options: ServeOptions<unknown, unknown>,
  hooks: PluginServerHooks = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'dsf-'));
  const logs: LogLine[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as LogLine) });
  const server = await createPluginServer(options, {
    listen: { type: 'unix', dir },
    env: {},
    logger,
    ...hooks,
  });
  const clients: grpc.Client[] = [];
  const client = (
    service: grpc.ServiceDefinition,
  ): grpc.Client & Record<string, (...args: unknown[]) => unknown> => {
    const Ctor = grpc.makeGenericClientConstructor(service as grpc.ServiceDefinition, 'svc');
    const c = new Ctor(server.target, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': -1,
    }) as grpc.Client & Record<string, (...args: unknown[]) => unknown>;
    clients.push(c);
    return c;
  };
  const methodName = (service: grpc.ServiceDefinition, method: string): string => {
    if (!(method in service)) throw new Error(`no method ${method}`);
    return method;
  };
  return {
    server,
    logs,
    logger,
    client,
    unary<Req, Res>(
      service: grpc.ServiceDefinition,
      method: string,
      req: Req,
      opts: grpc.CallOptions & { metadata?: grpc.Metadata } = {},
    ) {
      const c = client(service);
      const { metadata, ...callOpts } = opts;
      return new Promise<Res>((resolve, reject) => {
        (c[methodName(service, method)] as (...a: unknown[]) => unknown)(
          req,
          metadata ?? new grpc.Metadata(),
          callOpts,
          (err: Error | null, res: Res) => (err ? reject(err) : resolve(res)),
        );
      });
    },
    stream<Req, Res>(service: grpc.ServiceDefinition, method: string, req: Req, opts: grpc.CallOptions = {}) {
      const c = client(service);
      return new Promise<Res[]>((resolve, reject) => {
        const out: Res[] = [];
        const call = (c[methodName(service, method)] as (...a: unknown[]) => grpc.ClientReadableStream<Res>)(
          req,
          new grpc.Metadata(),
          opts,
        );
        call.on('data', (m: Res) => out.push(m));
        call.on('error', reject);
        call.on('end', () => resolve(out));
      });
    },
    async close() {
      for (const c of clients) c.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const services = {
  data: pb.DataService as unknown as grpc.ServiceDefinition,
  diagnostics: pb.DiagnosticsService as unknown as grpc.ServiceDefinition,
  resource: pb.ResourceService as unknown as grpc.ServiceDefinition,
  stream: pb.StreamService as unknown as grpc.ServiceDefinition,
  health: HealthService as unknown as grpc.ServiceDefinition,
  controller: GRPCControllerService as unknown as grpc.ServiceDefinition,
  stdio: GRPCStdioService as unknown as grpc.ServiceDefinition,
};

/** A wire PluginContext for a datasource, as Grafana sends it. */
export function wirePluginContext(
  over: {
    jsonData?: string;
    secrets?: Record<string, string>;
    updated?: number;
    uid?: string;
    user?: string;
  } = {},
): pb.PluginContext {
  return {
    orgId: 1n,
    pluginId: 'dsforge-example-datasource',
    user:
      over.user === undefined
        ? { login: 'admin', name: 'Admin', email: 'a@example.com', role: 'Admin' }
        : { login: over.user, name: '', email: '', role: '' },
    dataSourceInstanceSettings: {
      id: 7n,
      uid: over.uid ?? 'ds-uid-1',
      name: 'Example',
      url: '',
      user: '',
      database: '',
      basicAuthEnabled: false,
      basicAuthUser: '',
      jsonData: Buffer.from(over.jsonData ?? '{}'),
      decryptedSecureJsonData: over.secrets ?? {},
      lastUpdatedMS: BigInt(over.updated ?? 1_700_000_000_000),
      apiVersion: '',
    },
    grafanaConfig: {},
    pluginVersion: '0.1.0',
    userAgent: 'Grafana/12.4.0',
    apiVersion: '',
    namespace: 'default',
  };
}

/** A wire DataQuery with `json` as given (object → JSON text, string → as is). */
export function wireQuery(
  refId: string,
  json: unknown,
  from = 1_700_000_000_000,
  to = from + 3_600_000,
): pb.DataQuery {
  return {
    refId,
    maxDataPoints: 100n,
    intervalMS: 1000n,
    timeRange: { fromEpochMS: BigInt(from), toEpochMS: BigInt(to) },
    json: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)),
    queryType: '',
  };
}

/** A QueryDataRequest. */
export function queryRequest(
  queries: pb.DataQuery[],
  ctx: pb.PluginContext = wirePluginContext(),
): pb.QueryDataRequest {
  return {
    pluginContext: ctx,
    headers: { http_Authorization: 'Bearer x' },
    queries,
    format: pb.DataFrameFormat.ARROW,
  };
}
