/**
 * Starting a plugin process exactly as Grafana (through go-plugin) does and waiting for its
 * handshake line: Grafana's env and nothing from the host, its own stdin (/dev/null), stdout read
 * for one line, stderr parsed as go-plugin log lines for the whole life of the process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { HandshakeError, parseHandshakeLine, type Handshake } from './handshake';
import { PluginStartError } from './errors';
import { StderrLogParser, type LogEntry, type ProtocolViolation } from './log-parse';

/** How the process ended: exit code, or the signal that killed it. */
export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/** The environment Grafana 12.4 gives a datasource plugin (host env is not forwarded). */
export const GRAFANA_ENV: Readonly<Record<string, string>> = {
  grafana_plugin_type: 'datasource',
  PLUGIN_PROTOCOL_VERSIONS: '2',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
  GF_VERSION: '12.4.0',
};

export interface LaunchOptions {
  cwd: string;
  /** Extra variables on top of {@link GRAFANA_ENV}. */
  env: Record<string, string>;
  /** go-plugin's StartTimeout (Grafana leaves it at the 1 minute default). */
  startTimeoutMs: number;
}

/** A running plugin whose handshake was accepted. */
export interface LaunchedPlugin {
  child: ChildProcess;
  handshake: Handshake;
  /** Every stderr line, parsed; grows while the plugin runs. */
  logs: LogEntry[];
  /** stderr lines that would crash Grafana's host. */
  protocolViolations: ProtocolViolation[];
  /** stdout lines after the handshake (go-plugin discards them; a correct plugin writes none). */
  stdoutAfterHandshake: string[];
  /** Resolves when the process has exited. */
  exited: Promise<ExitInfo>;
  /** Current exit state, or undefined while running. */
  exitInfo(): ExitInfo | undefined;
  /** Subscribes to new log entries; returns the unsubscribe function. */
  onLog(listener: (entry: LogEntry) => void): () => void;
}

const STDERR_TAIL_LINES = 20;
/** After `exit`, how long to wait for stdout to drain before judging "exited before connect". */
const DRAIN_MS = 250;

/** Spawns `binary` like Grafana and resolves once its handshake line has been parsed. */
export function launch(binary: string, opts: LaunchOptions): Promise<LaunchedPlugin> {
  const logs: LogEntry[] = [];
  const protocolViolations: ProtocolViolation[] = [];
  const stdoutAfterHandshake: string[] = [];
  const listeners = new Set<(entry: LogEntry) => void>();
  let exit: ExitInfo | undefined;

  const child = spawn(binary, [], {
    cwd: opts.cwd,
    // No host env at all: no PATH, HOME, TMPDIR, NODE_OPTIONS (Grafana >= 12.4 default).
    env: { ...GRAFANA_ENV, ...opts.env },
    // go-plugin gives the plugin Grafana's stdin; under systemd that is /dev/null.
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });

  const parser = new StderrLogParser(
    (entry) => {
      logs.push(entry);
      for (const l of listeners) l(entry);
    },
    (v) => protocolViolations.push(v),
  );
  child.stderr?.on('data', (chunk: Buffer) => parser.push(chunk));
  let stderrEnded = child.stderr === null;
  child.stderr?.on('end', () => {
    stderrEnded = true;
    parser.end();
  });

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    // A spawn failure (ENOENT, EACCES) emits 'error' and never 'exit'.
    child.once('error', () => {
      if (!exit && child.pid === undefined) {
        exit = { code: null, signal: null };
        resolve(exit);
      }
    });
  });
  const stderrTail = () => logs.slice(-STDERR_TAIL_LINES).map((e) => e.raw);

  return new Promise<LaunchedPlugin>((resolve, reject) => {
    let handshakeSeen = false;
    let settled = false;
    let stdoutBuf = '';
    let stdoutEnded = false;

    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!exit) child.kill('SIGKILL');
      reject(err);
    };

    const onLine = (line: string) => {
      if (handshakeSeen) {
        stdoutAfterHandshake.push(line);
        return;
      }
      handshakeSeen = true;
      let handshake: Handshake;
      try {
        handshake = parseHandshakeLine(line);
      } catch (err) {
        const msg = err instanceof HandshakeError ? err.message : String(err);
        // Give stderr a moment: a plugin that prints garbage usually explains itself there.
        setTimeout(() => fail(new PluginStartError(msg, stderrTail())), 50);
        return;
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        child,
        handshake,
        logs,
        protocolViolations,
        stdoutAfterHandshake,
        exited,
        exitInfo: () => exit,
        onLog: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      });
    };

    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdoutBuf += chunk;
      let nl: number;
      while ((nl = stdoutBuf.indexOf('\n')) !== -1) {
        onLine(stdoutBuf.slice(0, nl).replace(/\r$/, ''));
        stdoutBuf = stdoutBuf.slice(nl + 1);
      }
    });
    child.stdout?.on('end', () => {
      stdoutEnded = true;
      // bufio.Scanner yields a final line without a newline too.
      if (stdoutBuf.length > 0) onLine(stdoutBuf);
      stdoutBuf = '';
    });

    child.once('error', (err) =>
      fail(new PluginStartError(`could not execute plugin binary ${binary}: ${err.message}`)),
    );

    void exited.then(async (info) => {
      // Let the pipes drain: a line written just before exit still counts as the handshake, and
      // the last stderr lines usually say why the plugin stopped.
      const deadline = Date.now() + DRAIN_MS;
      while (!(stdoutEnded && stderrEnded) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      if (settled || handshakeSeen) return;
      const how = info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
      fail(new PluginStartError(`plugin exited before we could connect (${how})`, stderrTail()));
    });

    const timer = setTimeout(
      () =>
        fail(
          new PluginStartError(
            `timeout while waiting for plugin to start (no handshake line on stdout within ${opts.startTimeoutMs} ms)`,
            stderrTail(),
          ),
        ),
      opts.startTimeoutMs,
    );
  });
}
