/**
 * hclog-compatible JSON logger writing to stderr.
 *
 * Why hand-written rather than pino (which is installed): Grafana's go-plugin host reads
 * `@level`, `@message` and `@timestamp` with unchecked Go type assertions, so a non-string value
 * there crashes the host goroutine, and a timestamp without exactly six fractional digits turns
 * the line into plain text. Guaranteeing that for every input (a message that is not a string, a
 * user field named `@level`), plus key- *and* value-based secret redaction at any depth (pino's
 * `redact` is path-based only), is less code written directly than as pino hooks, and one
 * synchronous `writeSync` per line is as fast as pino's sync destination for our line rates.
 */
import { writeSync } from 'node:fs';

import { formatTimestamp, safeString, toLogValue } from './format';
import { noRedaction, redactValues, type ValueRedactor } from './redact';

/** hclog level names, the only ones go-plugin's host recognises. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Levels in increasing severity. */
export const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error'];

const SEVERITY: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };
const RESERVED = new Set(['@level', '@message', '@timestamp']);

/** A structured logger. Fields are key/value pairs shown beside the message in Grafana's log. */
export interface Logger {
  trace(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A child logger that adds `fields` to every entry (entry fields win on conflict). */
  with(fields: Record<string, unknown>): Logger;
  /** Entries below this level are dropped. Settable. */
  level: LogLevel;
  /**
   * A child logger that also replaces any occurrence of these secret strings (e.g. the values of
   * `decryptedSecureJsonData`) with `[redacted]`. Optional so plain test doubles still satisfy
   * {@link Logger}; use {@link loggerWithSecrets} to call it safely.
   */
  withSecrets?(secrets: Iterable<string>): Logger;
}

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level. Default: env `DSFORGE_LOG_LEVEL`, then `GF_PLUGIN_LOG_LEVEL`, then `debug`. */
  level?: LogLevel;
  /** Receives each complete line (ending in `\n`). Default: synchronous write to fd 2. */
  write?: (line: string) => void;
  /** Time source for `@timestamp`. */
  clock?: () => Date;
  /** Fields added to every entry. */
  fields?: Record<string, unknown>;
  /** Secret strings replaced by `[redacted]` wherever they occur. */
  secrets?: Iterable<string>;
  /** Environment used for the default level (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** Parses a level name leniently (`WARNING`, ` Info `); undefined when unknown. */
export function parseLogLevel(text: string | undefined): LogLevel | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (t === 'warning') return 'warn';
  if (t === 'err' || t === 'critical' || t === 'fatal') return 'error';
  return (LOG_LEVELS as readonly string[]).includes(t) ? (t as LogLevel) : undefined;
}

/**
 * Writes a whole line to stderr synchronously. stdout is reserved for the go-plugin handshake, so
 * this never touches it. Partial writes are continued and a non-blocking pipe that is momentarily
 * full (`EAGAIN`) is retried briefly; any other failure (Grafana gone: `EPIPE`) drops the line,
 * because a logger that throws would turn a lost log line into a failed request.
 */
export function writeStderr(line: string): void {
  let buf = Buffer.from(line, 'utf8');
  for (let attempts = 0; buf.length > 0 && attempts < 100;) {
    try {
      const n = writeSync(2, buf);
      buf = buf.subarray(n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      attempts++;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // sleep 1 ms
    }
  }
}

interface Shared {
  write: (line: string) => void;
  clock: () => Date;
}

class HclogLogger implements Logger {
  #min: number;
  #level: LogLevel;
  readonly #shared: Shared;
  readonly #fields: Record<string, unknown>;
  readonly #secrets: readonly string[];
  readonly #redact: ValueRedactor;
  /** Bound fields serialised once (`,"k":v` …), since they repeat on every line. */
  #prefix: string | undefined;

  constructor(shared: Shared, level: LogLevel, fields: Record<string, unknown>, secrets: readonly string[]) {
    this.#shared = shared;
    this.#level = level;
    this.#min = SEVERITY[level];
    this.#fields = fields;
    this.#secrets = secrets;
    this.#redact = secrets.length > 0 ? redactValues(secrets) : noRedaction;
  }

  get level(): LogLevel {
    return this.#level;
  }

  set level(level: LogLevel) {
    const parsed = parseLogLevel(level);
    if (parsed === undefined) return;
    this.#level = parsed;
    this.#min = SEVERITY[parsed];
  }

  trace(msg: string, fields?: Record<string, unknown>): void {
    if (this.#min <= 0) this.#log('trace', msg, fields);
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    if (this.#min <= 1) this.#log('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    if (this.#min <= 2) this.#log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    if (this.#min <= 3) this.#log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.#log('error', msg, fields);
  }

  with(fields: Record<string, unknown>): Logger {
    return new HclogLogger(this.#shared, this.#level, { ...this.#fields, ...fields }, this.#secrets);
  }

  withSecrets(secrets: Iterable<string>): Logger {
    return new HclogLogger(this.#shared, this.#level, this.#fields, [...this.#secrets, ...secrets]);
  }

  #pair(key: string, value: unknown): string {
    const v = toLogValue(value, this.#redact, 0, new Set(), key);
    if (v === undefined) return '';
    // A user field must never replace the reserved keys go-plugin type-asserts as strings.
    const k = RESERVED.has(key) ? `_${key}` : safeString(key, this.#redact);
    return `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
  }

  #serialise(fields: Record<string, unknown>, skip?: Record<string, unknown>): string {
    let out = '';
    for (const key of Object.keys(fields)) {
      if (skip !== undefined && Object.hasOwn(skip, key)) continue;
      out += this.#pair(key, fields[key]);
    }
    return out;
  }

  #log(level: LogLevel, msg: unknown, fields: Record<string, unknown> | undefined): void {
    try {
      const text = typeof msg === 'string' ? msg : String(toLogValue(msg, this.#redact) ?? '');
      let line = `{"@level":"${level}","@message":${JSON.stringify(safeString(text, this.#redact))},"@timestamp":"${formatTimestamp(this.#shared.clock())}"`;
      const hasEntryFields = fields !== undefined && fields !== null && typeof fields === 'object';
      if (hasEntryFields && Object.keys(fields).some((k) => Object.hasOwn(this.#fields, k))) {
        line += this.#serialise(this.#fields, fields); // entry fields override bound ones
      } else {
        this.#prefix ??= this.#serialise(this.#fields);
        line += this.#prefix;
      }
      if (hasEntryFields) line += this.#serialise(fields);
      this.#shared.write(`${line}}\n`);
    } catch {
      // Logging must never break a request (a throwing custom `write`, say).
    }
  }
}

/**
 * Creates a logger writing hclog JSON lines, e.g.
 * `{"@level":"info","@message":"query done","@timestamp":"2026-01-02T15:04:05.123000Z","refId":"A"}`.
 * `@level`, `@message` and `@timestamp` are always strings; user fields with those names are
 * written as `_@level` etc. Sensitive keys and known secret values are written as `[redacted]`.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const env = opts.env ?? process.env;
  const level =
    opts.level ?? parseLogLevel(env.DSFORGE_LOG_LEVEL) ?? parseLogLevel(env.GF_PLUGIN_LOG_LEVEL) ?? 'debug';
  const shared: Shared = { write: opts.write ?? writeStderr, clock: opts.clock ?? (() => new Date()) };
  return new HclogLogger(shared, parseLogLevel(level) ?? 'debug', { ...opts.fields }, [
    ...(opts.secrets ?? []),
  ]);
}

/** `logger.withSecrets(secrets)` when the logger supports it, else the logger unchanged. */
export function loggerWithSecrets(logger: Logger, secrets: Iterable<string>): Logger {
  return typeof logger.withSecrets === 'function' ? logger.withSecrets(secrets) : logger;
}

/** A logger that drops everything (tests, or when logging is not wanted). */
export function noopLogger(): Logger {
  return createLogger({ level: 'error', write: () => {} });
}
