import {
  LOG_LINE_BUFFER_BYTES,
  parseHclogTimestamp,
  parseLogLine,
  StderrLogParser,
  type LogEntry,
  type ProtocolViolation,
} from './log-parse';

const TS = '2026-01-02T15:04:05.123456Z';

describe('parseHclogTimestamp', () => {
  it('parses hclog timestamps with exactly six fractional digits', () => {
    expect(parseHclogTimestamp(TS)?.toISOString()).toBe('2026-01-02T15:04:05.123Z');
    expect(parseHclogTimestamp('2026-01-02T15:04:05.123456+02:00')?.toISOString()).toBe(
      '2026-01-02T13:04:05.123Z',
    );
  });

  it.each([
    '2026-01-02T15:04:05.123Z',
    '2026-01-02T15:04:05.1234567Z',
    '2026-01-02T15:04:05Z',
    '2026-01-02 15:04:05.123456Z',
    '2026-02-30T15:04:05.123456Z',
    '2026-13-02T15:04:05.123456Z',
    '2026-01-02T24:04:05.123456Z',
    '2026-01-02T15:04:05.123456',
    '2026-01-02T15:04:05.123456+0200',
  ])('rejects %s like Go time.Parse with hclog TimeFormatJSON', (text) => {
    expect(parseHclogTimestamp(text)).toBeUndefined();
  });
});

describe('parseLogLine', () => {
  it('reads an hclog JSON line into level, message, timestamp and fields', () => {
    const { entry, violation } = parseLogLine(
      `{"@level":"info","@message":"query cancelled","@timestamp":"${TS}","refId":"A","@module":"plugin"}`,
    );
    expect(violation).toBeUndefined();
    expect(entry).toMatchObject({
      level: 'info',
      message: 'query cancelled',
      timestampText: TS,
      fields: { refId: 'A', '@module': 'plugin' },
      json: true,
    });
    expect(entry.timestamp?.toISOString()).toBe('2026-01-02T15:04:05.123Z');
  });

  it('accepts levels in any case and surrounding spaces, as hclog does', () => {
    expect(parseLogLine('{"@level":" WARN ","@message":"m"}').entry).toMatchObject({
      level: 'warn',
      json: true,
    });
  });

  it('treats a JSON line whose timestamp has three fractional digits as plain text at debug', () => {
    const line = '{"@level":"error","@message":"m","@timestamp":"2026-01-02T15:04:05.123Z"}';
    expect(parseLogLine(line).entry).toEqual({
      level: 'debug',
      message: line,
      fields: {},
      json: false,
      raw: line,
    });
  });

  it('logs JSON with an unknown or missing level verbatim at debug', () => {
    for (const line of ['{"@level":"warning","@message":"m"}', '{"msg":"pino style"}', 'null']) {
      expect(parseLogLine(line).entry).toMatchObject({ level: 'debug', message: line, json: false });
    }
  });

  it.each([
    ['@level', '{"@level":30,"@message":"m"}'],
    ['@message', '{"@level":"info","@message":{"text":"m"}}'],
    ['@timestamp', '{"@level":"info","@message":"m","@timestamp":1700000000}'],
    ['@message', '{"@level":"info","@message":null}'],
  ])('reports a non-string %s as a protocol violation that would panic Grafana', (key, line) => {
    const { entry, violation } = parseLogLine(line);
    expect(violation?.reason).toContain(`"${key}"`);
    expect(violation?.reason).toContain('panics');
    expect(entry.json).toBe(false);
  });

  it.each([
    ['[TRACE] x', 'trace'],
    ['[DEBUG] x', 'debug'],
    ['[INFO] x', 'info'],
    ['[WARN] x', 'warn'],
    ['[ERROR] x', 'error'],
    ['panic: boom', 'error'],
    ['fatal error: out of memory', 'error'],
    ['something else', 'debug'],
    ['[1,2]', 'debug'],
  ])('picks the level of plain line %j from its prefix', (line, level) => {
    expect(parseLogLine(line).entry).toMatchObject({ level, message: line, json: false });
  });
});

describe('StderrLogParser', () => {
  function collect(): { parser: StderrLogParser; entries: LogEntry[]; violations: ProtocolViolation[] } {
    const entries: LogEntry[] = [];
    const violations: ProtocolViolation[] = [];
    return {
      parser: new StderrLogParser(
        (e) => entries.push(e),
        (v) => violations.push(v),
      ),
      entries,
      violations,
    };
  }

  it('joins lines split across chunks and drops a trailing carriage return', () => {
    const { parser, entries } = collect();
    parser.push(Buffer.from('{"@level":"info",'));
    parser.push(Buffer.from('"@message":"hello"}\r\nsecond'));
    parser.end();
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['info', 'hello'],
      ['debug', 'second'],
    ]);
  });

  it('logs every untagged plain line after a panic as an error, as go-plugin does', () => {
    const { parser, entries } = collect();
    parser.push(Buffer.from('before\npanic: boom\n\ngoroutine 1 [running]:\n[INFO] tagged\n'));
    expect(entries.map((e) => e.level)).toEqual(['debug', 'error', 'error', 'error', 'info']);
  });

  it('cuts a line longer than the 64 KiB buffer into raw debug pieces', () => {
    const { parser, entries } = collect();
    const long = `{"@level":"info","@message":"${'x'.repeat(LOG_LINE_BUFFER_BYTES)}"}`;
    parser.push(Buffer.from(`${long}\n{"@level":"info","@message":"after"}\n`));
    expect(entries.length).toBe(3);
    expect(entries[0]).toMatchObject({ level: 'debug', json: false });
    expect(entries[0]?.raw.length).toBe(LOG_LINE_BUFFER_BYTES);
    expect(entries[0]!.raw + entries[1]!.raw).toBe(long);
    expect(entries[2]).toMatchObject({ level: 'info', message: 'after', json: true });
  });

  it('reports violations while still recording the line', () => {
    const { parser, entries, violations } = collect();
    parser.push(Buffer.from('{"@level":1}\n'));
    expect(violations).toHaveLength(1);
    expect(entries).toHaveLength(1);
  });
});
