import { isDsError } from '../errors';
import { convertValue, inferFieldType } from './infer';

describe('inferFieldType', () => {
  it('reads integers and floats alike as float64', () => {
    expect(inferFieldType([1, 2.5, 3])).toEqual({ type: 'float64', nullable: false });
  });

  it('keeps integers beyond 2^53 as int64', () => {
    expect(inferFieldType([1n, 2n ** 60n])).toEqual({ type: 'int64', nullable: false });
    expect(inferFieldType(['1', '9007199254740993'], { text: true })).toEqual({
      type: 'int64',
      nullable: false,
    });
  });

  it('falls back to float64 when huge integers mix with fractions', () => {
    expect(inferFieldType([2n ** 60n, 1.5])).toEqual({ type: 'float64', nullable: false });
  });

  it('marks a field nullable when a value is missing, without changing its type', () => {
    expect(inferFieldType([true, null, false, undefined])).toEqual({ type: 'bool', nullable: true });
  });

  it('reads ISO strings and Dates as time', () => {
    expect(inferFieldType(['2024-01-01', '2024-01-02T00:00:00Z', new Date(0)])).toEqual({
      type: 'time',
      nullable: false,
    });
  });

  it('reads numbers as epoch time only in time-named or configured fields, guessing the unit', () => {
    expect(inferFieldType([1_700_000_000, 1_700_000_060], { name: 'ts' })).toEqual({
      type: 'time',
      nullable: false,
      epochUnit: 's',
    });
    expect(inferFieldType([1_700_000_000_000], { name: 'created_at' }).epochUnit).toBe('ms');
    expect(inferFieldType([1_700_000_000_000_000_000n], { name: 'time' }).epochUnit).toBe('ns');
    expect(inferFieldType([1_700_000_000], { name: 'count' }).type).toBe('float64');
    expect(inferFieldType([5], { name: 'x', epoch: true, epochUnit: 'ms' })).toEqual({
      type: 'time',
      nullable: false,
      epochUnit: 'ms',
    });
  });

  it('reads nested objects and arrays as json', () => {
    expect(inferFieldType([{ a: 1 }, [1, 2]]).type).toBe('json');
  });

  it('turns mixed scalars into string and mixes with objects into json', () => {
    expect(inferFieldType([1, 'n/a', true]).type).toBe('string');
    expect(inferFieldType(['2024-01-01', 'soon']).type).toBe('string');
    expect(inferFieldType([1, { a: 1 }]).type).toBe('json');
  });

  it('does not read numeric strings in JSON as numbers, but does in CSV text', () => {
    expect(inferFieldType(['1', '2']).type).toBe('string');
    expect(inferFieldType(['1', '2.5', '-3e2'], { text: true }).type).toBe('float64');
    expect(inferFieldType(['TRUE', 'false'], { text: true }).type).toBe('bool');
    expect(inferFieldType(['1', ''], { text: true })).toEqual({ type: 'float64', nullable: true });
  });

  it('calls a column with no values a nullable string', () => {
    expect(inferFieldType([])).toEqual({ type: 'string', nullable: true });
    expect(inferFieldType([null, null])).toEqual({ type: 'string', nullable: true });
  });
});

describe('convertValue', () => {
  it('writes mixed values as text in string fields', () => {
    expect(convertValue(1, 'string')).toBe('1');
    expect(convertValue({ a: 1 }, 'string')).toBe('{"a":1}');
  });

  it('throws a bad_response error naming the field when a value does not fit a declared type', () => {
    let err: unknown;
    try {
      convertValue('abc', 'float64', { name: 'cpu' });
    } catch (e) {
      err = e;
    }
    expect(isDsError(err)).toBe(true);
    expect(err).toMatchObject({ category: 'bad_response' });
    expect((err as Error).message).toContain('"abc" in field "cpu" cannot be read as float64');
  });
});
