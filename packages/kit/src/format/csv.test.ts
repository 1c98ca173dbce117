import { isDsError } from '../errors';
import { csvToFrame, parseCsv } from './csv';
import { summarise } from './test-helpers';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, separators and line breaks inside quotes, and CRLF', () => {
    const text = 'a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",plain\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', 'plain'],
    ]);
  });

  it('keeps the last record without a final line break and strips a BOM', () => {
    expect(parseCsv('\uFEFFa;b\n1;2', ';')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,""')).toEqual([['a', '']]);
  });

  it('rejects an unterminated quote, naming the line', () => {
    let err: unknown;
    try {
      parseCsv('a\n"open\nstill');
    } catch (e) {
      err = e;
    }
    expect(isDsError(err)).toBe(true);
    expect((err as Error).message).toBe(
      'The CSV response is malformed: a quoted cell on line 3 never closes.',
    );
    expect(() => parseCsv('"a"b')).toThrow('text after a closing quote on line 1');
  });
});

describe('csvToFrame', () => {
  it('infers types from the cell text, with empty cells as null', () => {
    const text = 'time,host,value,ok\r\n2024-01-01T00:00:00Z,a,1.5,true\r\n2024-01-01T00:01:00Z,,,false\r\n';
    expect(summarise(csvToFrame(text))).toEqual([
      { name: 'time', type: 'time', values: ['2024-01-01T00:00:00.000Z', '2024-01-01T00:01:00.000Z'] },
      { name: 'host', type: 'string', nullable: true, values: ['a', null] },
      { name: 'value', type: 'float64', nullable: true, values: [1.5, null] },
      { name: 'ok', type: 'bool', values: [true, false] },
    ]);
  });

  it('reads epoch numbers in a time-named column as time and moves it first', () => {
    const frame = csvToFrame('v,ts\n1,1700000000000\n2,1700000001000\n');
    expect(summarise(frame)).toEqual([
      { name: 'ts', type: 'time', values: ['2023-11-14T22:13:20.000Z', '2023-11-14T22:13:21.000Z'] },
      { name: 'v', type: 'float64', values: [1, 2] },
    ]);
  });

  it('keeps the original text when a column mixes numbers and words', () => {
    expect(summarise(csvToFrame('code\n007\nn/a\n'))).toEqual([
      { name: 'code', type: 'string', values: ['007', 'n/a'] },
    ]);
  });

  it('names duplicate and blank headers, pads short records and skips blank lines', () => {
    expect(summarise(csvToFrame('a,a,\n1,2,3\n\n4\n'))).toEqual([
      { name: 'a', type: 'float64', values: [1, 4] },
      { name: 'a 2', type: 'float64', nullable: true, values: [2, null] },
      { name: '3', type: 'float64', nullable: true, values: [3, null] },
    ]);
  });

  it('rejects a record longer than the header', () => {
    expect(() => csvToFrame('a\n1,2\n')).toThrow('record 1 has 2 cells but the header has 1');
  });

  it('names columns by declared fields when there is no header', () => {
    const frame = csvToFrame('1,x\n2,y\n', { header: false, fields: ['n', 'label'] });
    expect(summarise(frame)).toEqual([
      { name: 'n', type: 'float64', values: [1, 2] },
      { name: 'label', type: 'string', values: ['x', 'y'] },
    ]);
  });

  it('gives a frame with no rows for empty text or a header alone', () => {
    expect(csvToFrame('').rowCount).toBe(0);
    expect(summarise(csvToFrame('a,b\r\n'))).toEqual([
      { name: 'a', type: 'string', nullable: true, values: [] },
      { name: 'b', type: 'string', nullable: true, values: [] },
    ]);
  });
});
