import { FrameError } from './errors';
import { Field } from './field';

describe('Field', () => {
  it('stores time given as Date, epoch ms or bigint epoch ns as bigint nanoseconds', () => {
    const f = new Field({
      name: 'time',
      type: 'time',
      values: [new Date(1568039445000), 1568039445000, 1568039445000123456n, 1.5],
    });
    expect(f.values).toEqual([1568039445000000000n, 1568039445000000000n, 1568039445000123456n, 1500000n]);
  });

  it('converts epoch-ms numbers to exact nanoseconds across the whole int64 range', () => {
    const ms = [
      0, 1, -1, 4294967295, 4294967296, -4294967296, 1768000000123, -1768000000123, 9223372036854,
      -9223372036854,
    ];
    const f = new Field({ name: 't', type: 'time', values: ms });
    expect(f.values).toEqual(ms.map((m) => BigInt(m) * 1_000_000n));
  });

  it('keeps nulls of a nullable time field and mixes value kinds', () => {
    const f = new Field({
      name: 't',
      type: 'time',
      nullable: true,
      values: [null, 2n, new Date(-5), undefined, 0.25],
    });
    expect(f.values).toEqual([null, 2n, -5_000_000n, null, 250_000n]);
  });

  it('rejects epoch-ms values whose nanoseconds do not fit int64', () => {
    expect(() => new Field({ name: 't', type: 'time', values: [9223372036855] })).toThrow(
      /field "t" \(time\) row 0/,
    );
    expect(() => new Field({ name: 't', type: 'time', values: [Infinity] })).toThrow(FrameError);
  });

  it('stores int64 and uint64 as bigint, accepting integer numbers', () => {
    expect(new Field({ name: 'a', type: 'int64', values: [1, -2n] }).values).toEqual([1n, -2n]);
    expect(new Field({ name: 'b', type: 'uint64', values: [18446744073709551615n, 0] }).values).toEqual([
      18446744073709551615n,
      0n,
    ]);
  });

  it('keeps nulls in nullable fields and turns undefined into null', () => {
    const f = new Field({ name: 'v', type: 'float64', nullable: true, values: [1, null, undefined] });
    expect(f.values).toEqual([1, null, null]);
    expect(f.length).toBe(3);
  });

  it('rejects a null in a non-nullable field, naming the field and row', () => {
    expect(() => new Field({ name: 'value', type: 'float64', values: [1, null] })).toThrow(
      new FrameError(
        'field "value" (float64) is not nullable but row 1 is null; create it with nullable: true or give every row a value',
      ),
    );
  });

  it('allows JSON null as a value of a non-nullable json field', () => {
    expect(new Field({ name: 'j', type: 'json', values: [null, { a: 1 }] }).values).toEqual([null, { a: 1 }]);
  });

  it.each([
    ['int8', 128, /expected an integer between -128 and 127, got 128/],
    ['uint32', -1, /between 0 and 4294967295/],
    ['int32', 1.5, /got 1.5/],
    ['int64', 2n ** 63n, /int64 range/],
    ['uint64', -1n, /uint64 range/],
    ['string', 5, /expected a string, got 5/],
    ['bool', 'yes', /expected a boolean, got "yes"/],
    ['time', 'yesterday', /expected a Date, epoch milliseconds \(number\) or epoch nanoseconds \(bigint\)/],
    ['time', new Date(NaN), /got Date\(NaN\)/],
    ['enum', 70000, /between 0 and 65535/],
  ] as const)('rejects a %s value %p with a FrameError naming the field', (type, value, message) => {
    expect(() => new Field({ name: 'f', type, values: [value] })).toThrow(FrameError);
    expect(() => new Field({ name: 'f', type, values: [value] })).toThrow(message);
    expect(() => new Field({ name: 'f', type, values: [value] })).toThrow(/field "f" \(/);
  });

  it('rejects an unsupported type name', () => {
    expect(() => new Field({ name: 'x', type: 'decimal' as never })).toThrow(
      'field "x" has unsupported type "decimal"; expected one of int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, bool, time, json, enum',
    );
  });

  it('rejects labels that are not strings and config of the wrong shape', () => {
    expect(() => new Field({ name: 'x', type: 'string', labels: { a: 1 as never } })).toThrow(
      /label "a" must be a string/,
    );
    expect(() => new Field({ name: 'x', type: 'string', config: { decimals: -1 } })).toThrow(
      'field "x" has an invalid config: decimals must be an integer between 0 and 65535',
    );
  });

  it('uses a matching typed array without copying and materialises plain values on demand', () => {
    const data = new Float64Array([1, 2, 3]);
    const f = new Field({ name: 'v', type: 'float64', values: data });
    expect(f.typedColumn()?.data).toBe(data);
    expect(f.length).toBe(3);
    expect(f.values).toEqual([1, 2, 3]);
    f.values.push(4);
    expect(f.length).toBe(4);
    expect(f.typedColumn()).toBeUndefined();
  });

  it('takes time as a BigInt64Array of epoch nanoseconds', () => {
    const f = new Field({ name: 't', type: 'time', values: new BigInt64Array([5n]) });
    expect(f.values).toEqual([5n]);
  });

  it('takes time as a Float64Array of epoch milliseconds', () => {
    expect(new Field({ name: 't', type: 'time', values: new Float64Array([1000, -0.5]) }).values).toEqual([
      1_000_000_000n,
      -500_000n,
    ]);
  });

  it('converts a typed array of another element type through normal validation', () => {
    expect(new Field({ name: 'v', type: 'int64', values: new Int32Array([7]) }).values).toEqual([7n]);
  });

  it('returns the caller array untouched when values are already normal', () => {
    const values = [1, 2, NaN];
    expect(new Field({ name: 'v', type: 'float64', values }).values).toBe(values);
  });
});
