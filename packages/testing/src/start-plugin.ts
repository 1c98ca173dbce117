/**
 * `startPlugin`: launch a built plugin binary exactly as Grafana 12.4 does and return a typed
 * client for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { PluginClient } from './client';
import { PluginStartError } from './errors';
import { GRPCBrokerService, GRPCStdioService, connect, type PluginClients } from './grpc';
import { grpcTarget } from './handshake';
import { launch } from './launch';
import { readPluginJson } from './plugin-json';
import { DEFAULT_USER, defaultSettings, type DataSourceSettingsInit, type UserInit } from './request';

/** Options for {@link startPlugin}. */
export interface StartPluginOptions {
  /** Datasource instance settings; unset fields get a fresh datasource's defaults (uid `ds-uid-1`). */
  settings?: Partial<DataSourceSettingsInit>;
  /** `decryptedSecureJsonData`. */
  secrets?: Record<string, string>;
  /** Extra environment (`GF_PLUGIN_*`, `GF_RESPONSE_LIMIT`, ...) on top of Grafana's; host env is never passed. */
  env?: Record<string, string>;
  /** `PluginContext.grafanaConfig`. */
  grafanaConfig?: Record<string, string>;
  /** Plugin id; default: `id` of the plugin.json beside the binary (or one directory up). */
  pluginId?: string;
  /** Plugin version; default: plugin.json `info.version`. */
  pluginVersion?: string;
  /** The signed-in user; `null` for none (as in alerting). Default: Grafana's admin. */
  user?: UserInit | null;
  /** Working directory; default: a fresh temporary directory, never the plugin's own. */
  cwd?: string;
  /** How long to wait for the handshake line (go-plugin default 60 s). */
  startTimeoutMs?: number;
}

const live = new Set<PluginClient>();
let exitHookInstalled = false;

/** Never leave plugin processes behind when the test process exits without shutting them down. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/**
 * Launches `binary` the way Grafana does (env `grafana_plugin_type=datasource`,
 * `PLUGIN_PROTOCOL_VERSIONS=2`, ports, `GF_VERSION`, no host env, stdin /dev/null), reads its
 * handshake line, dials its gRPC server, opens GRPCStdio and GRPCBroker streams as go-plugin does,
 * and returns a {@link PluginClient}. Rejects with a `PluginStartError` carrying go-plugin's message
 * ("Unrecognized remote plugin message: ...", "plugin exited before we could connect", timeout) and
 * the plugin's last stderr lines.
 *
 * @example
 * const plugin = await startPlugin('dist/gpx_my_ds_linux_amd64', { settings: { jsonData: { url } } });
 * const res = await plugin.query([{ refId: 'A', json: { scenario: 'rows' } }]);
 * await plugin.shutdown();
 */
export async function startPlugin(binary: string, opts: StartPluginOptions = {}): Promise<PluginClient> {
  const binaryPath = resolve(binary);
  const info = readPluginJson([dirname(binaryPath), dirname(dirname(binaryPath))]);
  const ownCwd = opts.cwd === undefined;
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'dsforge-plugin-cwd-'));
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;

  let proc;
  try {
    proc = await launch(binaryPath, { cwd, env: { ...opts.env }, startTimeoutMs });
  } catch (err) {
    if (ownCwd) rmSync(cwd, { recursive: true, force: true });
    throw err;
  }
  if (ownCwd) void proc.exited.then(() => rmSync(cwd, { recursive: true, force: true }));

  const rpc = connect(grpcTarget(proc.handshake));
  try {
    await waitConnected(rpc, proc.handshake.address, Math.min(startTimeoutMs, 10_000), (reason) =>
      proc.protocolViolations.push({ line: proc.handshake.address, reason }),
    );
  } catch (err) {
    rpc.close();
    proc.child.kill('SIGKILL');
    const tail = proc.logs.slice(-20).map((e) => e.raw);
    throw new PluginStartError((err as Error).message, tail);
  }

  const client = new PluginClient(
    proc,
    rpc,
    {
      pluginId: opts.pluginId ?? info?.id ?? 'dsforge-test-datasource',
      pluginVersion: opts.pluginVersion ?? info?.version ?? '',
      settings: defaultSettings(opts.settings),
      secrets: { ...opts.secrets },
      user: opts.user === undefined ? DEFAULT_USER : opts.user,
      grafanaConfig: { ...opts.grafanaConfig },
    },
    openSideStreams(rpc),
  );
  installExitHook();
  live.add(client);
  void proc.exited.then(() => live.delete(client));
  return client;
}

/**
 * Waits for the channel to reach READY. go-plugin dials right after the handshake line, so a
 * socket that is not accepting yet (first attempt fails) is recorded as a protocol violation.
 */
async function waitConnected(
  rpc: PluginClients,
  address: string,
  timeoutMs: number,
  violation: (reason: string) => void,
): Promise<void> {
  const channel = rpc.data.getChannel();
  const deadline = Date.now() + timeoutMs;
  // grpc-js ConnectivityState: IDLE 0, CONNECTING 1, READY 2, TRANSIENT_FAILURE 3, SHUTDOWN 4.
  let state: grpc.connectivityState = channel.getConnectivityState(true);
  let reported = false;
  while (state !== 2) {
    if (state === 3 && !reported) {
      reported = true;
      violation(
        `the plugin printed its handshake before ${address} accepted connections; Grafana's first calls would fail`,
      );
    }
    const from = state;
    const ok = await new Promise<boolean>((r) =>
      channel.watchConnectivityState(from, deadline, (err) => r(!err)),
    );
    if (!ok)
      throw new Error(`could not connect to the plugin's gRPC server at ${address} within ${timeoutMs} ms`);
    state = channel.getConnectivityState(true);
  }
}

/**
 * Opens the streams go-plugin opens on connect: GRPCStdio/StreamStdio (UNIMPLEMENTED and
 * UNAVAILABLE tolerated, data discarded as Grafana does) and GRPCBroker/StartStream (unused).
 */
function openSideStreams(rpc: PluginClients): { cancel(): void }[] {
  const stdio = rpc.stdio.makeServerStreamRequest(
    GRPCStdioService.streamStdio.path,
    GRPCStdioService.streamStdio.requestSerialize,
    GRPCStdioService.streamStdio.responseDeserialize,
    {},
  );
  stdio.on('data', () => undefined);
  stdio.on('error', () => undefined);
  const broker = rpc.broker.makeBidiStreamRequest(
    GRPCBrokerService.startStream.path,
    GRPCBrokerService.startStream.requestSerialize,
    GRPCBrokerService.startStream.responseDeserialize,
  );
  broker.on('data', () => undefined);
  broker.on('error', () => undefined);
  return [stdio, broker];
}
