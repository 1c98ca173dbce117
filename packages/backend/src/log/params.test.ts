import { parseLoggerParams } from './params';

describe('parseLoggerParams', () => {
  it('parses key:::value pairs from gRPC metadata values', () => {
    expect(parseLoggerParams(['traceID:::abc123', 'dashboardUID:::d1'])).toEqual({
      traceID: 'abc123',
      dashboardUID: 'd1',
    });
  });

  it('splits at the first separator so values may contain it', () => {
    expect(parseLoggerParams(['query:::a:::b'])).toEqual({ query: 'a:::b' });
  });

  it('ignores values without a separator or with an empty key', () => {
    expect(parseLoggerParams(['novalue', ':::orphan', 'ok:::'])).toEqual({ ok: '' });
  });
});
