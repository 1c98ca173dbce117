import { GrafanaConfig } from './plugin-context';
import { DEFAULT_RESPONSE_LIMIT, resolveResponseLimit, responseLimitError } from './response-limit';

describe('response limit', () => {
  it('defaults to 64 MiB', () => {
    expect(resolveResponseLimit(new GrafanaConfig(), {})).toBe(64 * 1024 * 1024);
    expect(DEFAULT_RESPONSE_LIMIT).toBe(67108864);
  });

  it('takes Grafana’s per-request GF_RESPONSE_LIMIT first, then the environment', () => {
    expect(
      resolveResponseLimit(new GrafanaConfig({ GF_RESPONSE_LIMIT: '1000' }), { GF_RESPONSE_LIMIT: '5' }),
    ).toBe(1000);
    expect(resolveResponseLimit(new GrafanaConfig(), { GF_RESPONSE_LIMIT: '5' })).toBe(5);
    expect(resolveResponseLimit(new GrafanaConfig(), { GF_RESPONSE_LIMIT: 'lots' })).toBe(
      DEFAULT_RESPONSE_LIMIT,
    );
  });

  it('says what is over and what to do', () => {
    expect(responseLimitError('A', 2000, 1000)).toBe(
      'response for query A is 2000 bytes, over the limit of 1000 bytes; narrow the query (time range, filters) or raise GF_RESPONSE_LIMIT',
    );
  });
});
