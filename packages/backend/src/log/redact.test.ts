import { isSensitiveKey, redactValues, REDACTED } from './redact';

describe('redactValues', () => {
  it('replaces every occurrence of every known secret', () => {
    const redact = redactValues(['s3cret', 'tok-123']);
    expect(redact('a s3cret and tok-123 and s3cret')).toBe(`a ${REDACTED} and ${REDACTED} and ${REDACTED}`);
  });

  it('redacts the longer secret whole when one secret contains another', () => {
    const redact = redactValues(['abc', 'abcdef']);
    expect(redact('xabcdefx')).toBe(`x${REDACTED}x`);
  });

  it('treats regex characters in secrets literally', () => {
    const redact = redactValues(['p.a$s(w)*rd']);
    expect(redact('pXaYs and p.a$s(w)*rd')).toBe(`pXaYs and ${REDACTED}`);
  });

  it('ignores empty secrets and leaves text without secrets unchanged', () => {
    const redact = redactValues(['', 'zzz']);
    expect(redact('hello')).toBe('hello');
    expect(redactValues([])('hello')).toBe('hello');
  });
});

describe('isSensitiveKey', () => {
  it('flags credential-like keys case-insensitively', () => {
    for (const key of [
      'password',
      'basicAuthPassword',
      'apiKey',
      'api_key',
      'Authorization',
      'http_Cookie',
      'accessToken',
      'clientSecret',
      'secureJsonData',
    ]) {
      expect(isSensitiveKey(key)).toBe(true);
    }
  });

  it('leaves ordinary keys alone', () => {
    for (const key of ['refId', 'url', 'uid', 'secureJsonFields', 'status']) {
      expect(isSensitiveKey(key)).toBe(false);
    }
  });
});
