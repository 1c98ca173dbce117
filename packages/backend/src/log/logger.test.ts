import { createLogger, loggerWithSecrets, parseLogLevel, type Logger, type LoggerOptions } from './logger';

const FIXED = new Date('2026-01-02T15:04:05.123Z');
const HCLOG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function capture(opts: LoggerOptions = {}): {
  logger: Logger;
  lines: string[];
  entries: () => Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = createLogger({ clock: () => FIXED, env: {}, write: (l) => lines.push(l), ...opts });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one hclog JSON line with string @level, @message and a 6-digit @timestamp', () => {
    const { logger, lines } = capture();
    logger.info('query done', { refId: 'A', rows: 3 });
    expect(lines).toEqual([
      '{"@level":"info","@message":"query done","@timestamp":"2026-01-02T15:04:05.123000Z","refId":"A","rows":3}\n',
    ]);
  });

  it('uses exactly the level names go-plugin understands', () => {
    const { logger, entries } = capture({ level: 'trace' });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((e) => e['@level'])).toEqual(['trace', 'debug', 'info', 'warn', 'error']);
  });

  it('keeps the timestamp format with the real clock', () => {
    const lines: string[] = [];
    createLogger({ env: {}, write: (l) => lines.push(l) }).info('now');
    expect((JSON.parse(lines[0]!) as Record<string, string>)['@timestamp']).toMatch(HCLOG_TIMESTAMP);
  });

  it('drops entries below the level, defaulting to debug', () => {
    const { logger, entries } = capture();
    expect(logger.level).toBe('debug');
    logger.trace('hidden');
    logger.debug('shown');
    logger.level = 'warn';
    logger.info('hidden too');
    logger.warn('shown too');
    expect(entries().map((e) => e['@message'])).toEqual(['shown', 'shown too']);
  });

  it('takes the level from DSFORGE_LOG_LEVEL or GF_PLUGIN_LOG_LEVEL, the explicit option winning', () => {
    expect(capture({ env: { GF_PLUGIN_LOG_LEVEL: 'info' } }).logger.level).toBe('info');
    expect(capture({ env: { GF_PLUGIN_LOG_LEVEL: 'info', DSFORGE_LOG_LEVEL: 'trace' } }).logger.level).toBe(
      'trace',
    );
    expect(capture({ env: { DSFORGE_LOG_LEVEL: 'WARNING' } }).logger.level).toBe('warn');
    expect(capture({ env: { DSFORGE_LOG_LEVEL: 'nonsense' } }).logger.level).toBe('debug');
    expect(capture({ level: 'error', env: { DSFORGE_LOG_LEVEL: 'trace' } }).logger.level).toBe('error');
    expect(parseLogLevel(' Info ')).toBe('info');
  });

  it('never lets user fields replace the reserved keys', () => {
    const { logger, entries } = capture();
    logger.info('real', { '@level': 7, '@message': { x: 1 }, '@timestamp': 0 });
    const [e] = entries();
    expect(e!['@level']).toBe('info');
    expect(e!['@message']).toBe('real');
    expect(e!['@timestamp']).toBe('2026-01-02T15:04:05.123000Z');
    expect(e!['_@level']).toBe(7);
  });

  it('writes a non-string message as a string', () => {
    const { logger, entries } = capture();
    (logger.info as (m: unknown) => void)({ not: 'a string' });
    (logger.info as (m: unknown) => void)(undefined);
    expect(entries().map((e) => typeof e['@message'])).toEqual(['string', 'string']);
  });

  it('keeps a multi-line message on one line', () => {
    const { logger, lines } = capture();
    logger.error('first\nsecond\r\nthird');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.indexOf('\n')).toBe(lines[0]!.length - 1);
    expect((JSON.parse(lines[0]!) as Record<string, string>)['@message']).toBe('first\nsecond\r\nthird');
  });

  it('writes Errors as name, message and a trimmed stack without breaking the line', () => {
    const { logger, entries } = capture();
    const err = Object.assign(new TypeError('bad thing\n'), { code: 'E_BAD', status: 502 });
    logger.error('failed', { error: err });
    const e = entries()[0]!.error as Record<string, unknown>;
    expect(e.name).toBe('TypeError');
    expect(e.message).toBe('bad thing');
    expect(e.code).toBe('E_BAD');
    expect(e.status).toBe('502');
    expect(typeof e.stack).toBe('string');
    expect((e.stack as string).split('\n').length).toBeLessThanOrEqual(8);
  });

  it('writes bigints as strings and survives circular references', () => {
    const { logger, entries } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info('values', {
      big: 2n ** 64n,
      loop,
      when: new Date(0),
      bytes: Buffer.alloc(10),
      nothing: undefined,
    });
    const e = entries()[0]!;
    expect(e.big).toBe('18446744073709551616');
    expect(e.loop).toEqual({ name: 'loop', self: '[circular]' });
    expect(e.when).toBe('1970-01-01T00:00:00.000Z');
    expect(e.bytes).toBe('[10 bytes]');
    expect('nothing' in e).toBe(false);
  });

  it('adds bound fields from with(), letting entry fields win', () => {
    const { logger, entries } = capture({ fields: { pluginId: 'p' } });
    const child = logger.with({ endpoint: 'queryData', refId: 'bound' });
    child.info('one');
    child.info('two', { refId: 'A' });
    expect(entries()).toEqual([
      expect.objectContaining({ pluginId: 'p', endpoint: 'queryData', refId: 'bound' }),
      expect.objectContaining({ pluginId: 'p', endpoint: 'queryData', refId: 'A' }),
    ]);
    expect(Object.keys(entries()[1]!).filter((k) => k === 'refId')).toHaveLength(1);
  });

  it('never throws, even when writing fails or a field getter throws', () => {
    const logger = createLogger({
      env: {},
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => logger.error('x')).not.toThrow();
    const { logger: ok, entries } = capture();
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
    };
    ok.info('still logged', { hostile });
    expect(entries()[0]!['@message']).toBe('still logged');
  });

  it('writes to stderr by default, never stdout', () => {
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const spy = jest
      .spyOn(fs, 'writeSync')
      .mockImplementation((_fd: number, buf: unknown) => (buf as Buffer).length);
    const stdout = jest.spyOn(process.stdout, 'write');
    try {
      // The logger module captured writeSync at import; load a fresh copy so the spy is seen.
      jest.isolateModules(() => {
        const { createLogger: fresh } = jest.requireActual<typeof import('./logger')>('./logger');
        fresh({ env: {} }).info('to stderr');
      });
      expect(spy).toHaveBeenCalledWith(2, expect.anything());
      expect(spy.mock.calls.every((c) => c[0] === 2)).toBe(true);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      stdout.mockRestore();
    }
  });
});

describe('secret redaction in log lines', () => {
  const CANARY = 'sk-canary-9f3a7c1e';

  it('redacts sensitive keys at any depth', () => {
    const { logger, lines } = capture();
    logger.info('settings', {
      password: CANARY,
      nested: { deeper: { apiKey: CANARY, Authorization: `Bearer ${CANARY}` } },
      headers: { http_Cookie: CANARY, 'X-Id-Token': CANARY },
      decryptedSecureJsonData: { anything: CANARY },
      list: [{ client_secret: CANARY }],
    });
    expect(lines.join('')).not.toContain(CANARY);
    expect(lines.join('')).toContain('[redacted]');
  });

  it('replaces known secret values inside messages, strings, errors and bound fields', () => {
    const { logger, lines } = capture({ secrets: [CANARY] });
    const req = logger.with({ url: `https://api.example.com/?q=${CANARY}` });
    req.info(`calling upstream with ${CANARY}`, {
      detail: `token=${CANARY}&x=1`,
      error: new Error(`401 for ${CANARY}`),
      arr: [CANARY],
      map: new Map([['k', CANARY]]),
    });
    req.error(CANARY);
    const out = lines.join('');
    expect(out).not.toContain(CANARY);
    expect(out).toContain('calling upstream with [redacted]');
  });

  it('adds secrets to a child logger with loggerWithSecrets without affecting the parent', () => {
    const { logger, lines } = capture();
    const child = loggerWithSecrets(logger, [CANARY, '']);
    child.info(`child sees ${CANARY}`);
    expect(lines[0]).not.toContain(CANARY);
    logger.info('parent has no secrets and logs normally');
    expect(lines[1]).toContain('parent has no secrets');
  });

  it('returns a plain logger unchanged when it cannot redact values', () => {
    const plain = { level: 'info' } as unknown as Logger;
    expect(loggerWithSecrets(plain, [CANARY])).toBe(plain);
  });
});
