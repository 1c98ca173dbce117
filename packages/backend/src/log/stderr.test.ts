import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * End to end in a real process: the default logger writes parseable hclog lines to stderr only
 * (stdout belongs to the go-plugin handshake), and a canary secret appears nowhere.
 */
describe('default logger in a real process', () => {
  it('writes only to stderr and never leaks the canary secret', () => {
    const canary = 'canary-secret-7d1e2f';
    const script = `
      const { createLogger } = require(${JSON.stringify(join(__dirname, 'index.ts'))});
      const log = createLogger({ secrets: [process.env.CANARY] }).with({ pluginId: 'p' });
      log.info('started');
      log.warn('upstream said ' + process.env.CANARY, { password: process.env.CANARY, err: new Error(process.env.CANARY) });
      log.debug('multi\\nline');
    `;
    const res = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
      env: { CANARY: canary, DSFORGE_LOG_LEVEL: 'debug' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('');
    expect(`${res.stdout}${res.stderr}`).not.toContain(canary);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(typeof entry['@level']).toBe('string');
      expect(typeof entry['@message']).toBe('string');
      expect(entry['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      expect(entry.pluginId).toBe('p');
    }
  });
});
