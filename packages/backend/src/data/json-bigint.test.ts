import { FrameError } from './errors';
import { parseJSONBig, stringifyJSONBig } from './json-bigint';

describe('bigint-aware JSON', () => {
  it('parses integers beyond 2^53 as exact bigints and keeps safe numbers as numbers', () => {
    expect(
      parseJSONBig('[18446744073709551615, -9223372036854775808, 9007199254740991, 1.5, 1e400]'),
    ).toEqual([18446744073709551615n, -9223372036854775808n, 9007199254740991, 1.5, Infinity]);
  });

  it('parses nested objects, escapes and literals like JSON.parse', () => {
    const text = '{"a":[true,false,null,{"b":"x\\"y\\u00e9"}],"c":{},"d":[], "e" : -0.5e-3 }';
    expect(parseJSONBig(text)).toEqual(JSON.parse(text));
  });

  it('treats a "__proto__" key as data', () => {
    const v = parseJSONBig('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
  });

  it.each(['', '{', '[1,]', '{"a" 1}', 'nul', '"abc', '1 2', '-'])(
    'rejects invalid JSON %p with a FrameError',
    (text) => {
      expect(() => parseJSONBig(text)).toThrow(FrameError);
    },
  );

  it('stringifies bigints as integer literals and non-finite numbers as null', () => {
    expect(stringifyJSONBig({ a: 18446744073709551615n, b: [NaN, Infinity, 2], c: undefined, d: 'x"' })).toBe(
      '{"a":18446744073709551615,"b":[null,null,2],"d":"x\\""}',
    );
  });

  it('matches JSON.stringify for ordinary values', () => {
    const v = {
      s: 'é\n',
      n: [1, -0.25, 1e21, 5e-324],
      o: { nested: [null, true] },
      d: new Date(0),
      u: [undefined],
    };
    expect(stringifyJSONBig(v)).toBe(JSON.stringify(v));
  });

  it('round-trips values through parse and stringify', () => {
    const text = '{"big":-9223372036854775808,"list":[1,2.5,"x",null,{"k":18446744073709551615}]}';
    expect(stringifyJSONBig(parseJSONBig(text))).toBe(text);
  });
});
