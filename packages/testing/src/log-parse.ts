/**
 * Reading a plugin's stderr the way Grafana does: hashicorp/go-plugin v1.8.0's host
 * (`client.go` `logStderr`, `log_entry.go` `parseJSON`) with hclog's `LevelFromString`.
 *
 * Each stderr line becomes one {@link LogEntry}. Lines that would crash Grafana's host (a
 * non-string `@level`, `@message` or `@timestamp` hits an unchecked Go type assertion) are also
 * reported as {@link ProtocolViolation}s.
 */

/** hclog levels go-plugin forwards (`off` and unknown names are not among them). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** One stderr line as Grafana's host understands it. */
export interface LogEntry {
  /** Level Grafana logs it at. Grafana's logger drops `trace`. */
  level: LogLevel;
  /** `@message` for hclog JSON lines; the whole line otherwise. */
  message: string;
  /** Parsed `@timestamp` (sub-millisecond digits are in `timestampText`). */
  timestamp?: Date;
  /** The `@timestamp` string as written. */
  timestampText?: string;
  /** Every other key of a JSON line (`@module`, `@caller`, `refId`, ...). */
  fields: Record<string, unknown>;
  /** True when the line was parsed as an hclog JSON entry with a known level. */
  json: boolean;
  /** The line as written (without the newline). */
  raw: string;
}

/** Something the plugin did that would break or mislead Grafana's host. */
export interface ProtocolViolation {
  /** The offending stderr line, or the call / address concerned. */
  line: string;
  /** What is wrong and what Grafana would do. */
  reason: string;
}

/** go-plugin's default `PluginLogBufferSize`: longer lines are cut and logged raw at debug. */
export const LOG_LINE_BUFFER_BYTES = 64 * 1024;

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error'];

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})[.,](\d{6})(?:Z|([+-])(\d{2}):(\d{2}))$/;

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses a timestamp with Go's layout `2006-01-02T15:04:05.000000Z07:00` (hclog `TimeFormatJSON`):
 * exactly six fractional digits, `Z` or `±hh:mm`, calendar ranges checked. Returns undefined when
 * Go's `time.Parse` would fail.
 */
export function parseHclogTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 24 || om > 60) return undefined;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const micros = Number(m[7]);
  // setUTCFullYear, unlike Date.UTC, keeps years 0..99 as written (Go does too).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, Math.floor(micros / 1000));
  return new Date(date.getTime() - offsetMinutes * 60_000);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Result of parsing one complete line. */
export interface ParsedLine {
  entry: LogEntry;
  violation?: ProtocolViolation;
}

/**
 * Parses one complete stderr line (no newline) with go-plugin's rules, without the state that
 * spans lines (panics, over-long lines): see {@link StderrLogParser} for that.
 * `inPanic` makes untagged non-JSON lines errors, as after a `panic: ` line.
 */
export function parseLogLine(line: string, inPanic = false): ParsedLine {
  const plain = (violation?: ProtocolViolation): ParsedLine => ({
    entry: { level: plainLevel(line, inPanic), message: line, fields: {}, json: false, raw: line },
    violation,
  });

  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return plain();
  }
  // Go unmarshals into map[string]any: only an object (or `null`, which leaves the map empty) works.
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) return plain();
  const raw = { ...((parsed ?? {}) as Record<string, unknown>) };

  // Same order as go-plugin; the first non-string value panics Grafana's host goroutine.
  for (const key of ['@message', '@level', '@timestamp']) {
    if (key in raw && typeof raw[key] !== 'string') {
      return plain({
        line,
        reason: `"${key}" is ${describe(raw[key])}, not a string: go-plugin's host (Grafana) panics on this line`,
      });
    }
  }

  const message = (raw['@message'] as string | undefined) ?? '';
  const levelText = ((raw['@level'] as string | undefined) ?? '').trim().toLowerCase();
  const timestampText = raw['@timestamp'] as string | undefined;
  let timestamp: Date | undefined;
  if (timestampText !== undefined) {
    timestamp = parseHclogTimestamp(timestampText);
    // go-plugin: a timestamp that does not parse makes the whole line non-JSON.
    if (timestamp === undefined) return plain();
  }
  delete raw['@message'];
  delete raw['@level'];
  delete raw['@timestamp'];

  if (!LEVELS.includes(levelText)) {
    // No (known) level: go-plugin logs the line verbatim at debug.
    return { entry: { level: 'debug', message: line, fields: {}, json: false, raw: line } };
  }
  const entry: LogEntry = { level: levelText as LogLevel, message, fields: raw, json: true, raw: line };
  if (timestamp) {
    entry.timestamp = timestamp;
    entry.timestampText = timestampText;
  }
  return { entry };
}

function plainLevel(line: string, inPanic: boolean): LogLevel {
  if (line.startsWith('[TRACE]')) return 'trace';
  if (line.startsWith('[DEBUG]')) return 'debug';
  if (line.startsWith('[INFO]')) return 'info';
  if (line.startsWith('[WARN]')) return 'warn';
  if (line.startsWith('[ERROR]')) return 'error';
  if (inPanic || startsPanic(line)) return 'error';
  return 'debug';
}

function startsPanic(line: string): boolean {
  return line.startsWith('panic: ') || line.startsWith('fatal error: ');
}

/**
 * Turns a stderr byte stream into log entries with go-plugin's line rules: lines split on `\n`
 * (a trailing `\r` dropped), lines longer than {@link LOG_LINE_BUFFER_BYTES} cut into raw debug
 * pieces, and after a `panic: `/`fatal error: ` line every untagged plain line logged as error.
 */
export class StderrLogParser {
  private pending: Buffer = Buffer.alloc(0);
  private inPanic = false;
  /** The current line is over-long and its first pieces were already emitted. */
  private continuing = false;

  constructor(
    private readonly onEntry: (entry: LogEntry) => void,
    private readonly onViolation: (violation: ProtocolViolation) => void,
    private readonly bufferBytes = LOG_LINE_BUFFER_BYTES,
  ) {}

  /** Feeds a chunk of stderr. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const nl = this.pending.indexOf(0x0a);
      if (nl === -1) {
        // bufio.Reader.ReadLine hands out a full buffer as a prefix of a longer line.
        while (this.pending.length >= this.bufferBytes) {
          this.piece(this.pending.subarray(0, this.bufferBytes));
          this.pending = this.pending.subarray(this.bufferBytes);
          this.continuing = true;
        }
        return;
      }
      let line = this.pending.subarray(0, nl);
      this.pending = this.pending.subarray(nl + 1);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      while (line.length > this.bufferBytes) {
        this.piece(line.subarray(0, this.bufferBytes));
        line = line.subarray(this.bufferBytes);
        this.continuing = true;
      }
      if (this.continuing) {
        this.piece(line);
        this.continuing = false;
      } else {
        this.line(line.toString('utf8'));
      }
    }
  }

  /** Flushes a last line that had no newline (the process exited). */
  end(): void {
    if (this.pending.length > 0) this.push(Buffer.from('\n'));
  }

  private piece(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    this.onEntry({ level: 'debug', message: text, fields: {}, json: false, raw: text });
  }

  private line(text: string): void {
    const { entry, violation } = parseLogLine(text, this.inPanic);
    if (!entry.json && startsPanic(text)) this.inPanic = true;
    if (violation) this.onViolation(violation);
    this.onEntry(entry);
  }
}
