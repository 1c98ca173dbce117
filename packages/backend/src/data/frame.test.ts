import { FrameError } from './errors';
import { Field } from './field';
import { Frame } from './frame';
import type { FrameMeta } from './frame-meta';
import { goFrameMeta } from './frame-meta';

describe('Frame', () => {
  it('builds fields from inits or Field instances and counts rows', () => {
    const frame = new Frame({ name: 'f', fields: [new Field({ name: 'a', type: 'int32', values: [1, 2] })] });
    frame.addField({ name: 'a', type: 'string', values: ['x', 'y'] });
    expect(frame.fields.map((f) => f.name)).toEqual(['a', 'a']);
    expect(frame.rowCount).toBe(2);
    expect(frame.refId).toBe('');
    expect(() => frame.validate()).not.toThrow();
  });

  it('has zero rows without fields', () => {
    expect(new Frame().rowCount).toBe(0);
  });

  it('rejects fields of different lengths, naming every field and its length', () => {
    const frame = new Frame({
      name: 'mismatch',
      fields: [
        { name: 'time', type: 'time', values: [1, 2, 3] },
        { name: 'value', type: 'float64', values: [1, 2] },
      ],
    });
    expect(() => frame.validate()).toThrow(
      new FrameError(
        'frame "mismatch" has fields of different lengths ("time" has 3, "value" has 2 rows); every field must have the same number of rows',
      ),
    );
  });

  it('rejects a notice severity Grafana does not know', () => {
    const meta = { notices: [{ severity: 'fatal', text: 'x' }] } as unknown as FrameMeta;
    expect(() => new Frame({ name: 'n', meta })).toThrow(
      'frame "n" has invalid meta: meta.notices item 0 severity must be "info", "warning" or "error" (got "fatal")',
    );
  });

  it.each([
    [{ typeVersion: ['0', 0] }, /meta.typeVersion item 0 must be an integer/],
    [{ typeVersion: [0] }, /meta.typeVersion must be an array of two unsigned integers/],
    [{ executedQueryString: 5 }, /meta.executedQueryString must be a string/],
    [{ stats: [{ displayName: 'x', value: 'high' }] }, /meta.stats item 0 value must be a number/],
    [{ notices: [{ severity: 'info' }] }, /meta.notices item 0 text is required/],
    [{ notices: [{ severity: 'info', text: 'x', inspect: 1.5 }] }, /inspect must be an integer/],
    [{ uniqueRowIdFields: 'a' }, /meta.uniqueRowIdFields must be an array/],
    ['meta', /must be an object/],
  ])('rejects meta %p that Grafana would fail to decode', (meta, message) => {
    expect(() => new Frame({ meta: meta as FrameMeta })).toThrow(FrameError);
    expect(() => new Frame({ meta: meta as FrameMeta })).toThrow(message);
  });

  it('re-checks meta changed after construction when validating', () => {
    const frame = new Frame({ meta: {} });
    frame.meta!.notices = [{ severity: 'debug' as never, text: 'x' }];
    expect(() => frame.validate()).toThrow(/severity must be/);
  });

  it('accepts valid meta with notices, stats and custom data', () => {
    const meta: FrameMeta = {
      type: 'timeseries-multi',
      typeVersion: [0, 1],
      notices: [{ severity: 'warning', text: 'partial data', link: 'https://x', inspect: 1 }],
      stats: [{ displayName: 'rows', value: 3 }],
      custom: { anything: [1, 2] },
      uniqueRowIdFields: [0],
    };
    expect(new Frame({ meta }).meta).toBe(meta);
  });
});

describe('goFrameMeta', () => {
  it('writes meta as Go marshals FrameMeta: Go key order, typeVersion always, empties dropped', () => {
    const meta = {
      executedQueryString: 'q',
      path: '',
      notices: [],
      custom: { a: 1 },
      stats: [{ displayName: 'x' }],
    } as FrameMeta;
    const out = goFrameMeta(meta);
    expect(out).toEqual({
      typeVersion: [0, 0],
      custom: { a: 1 },
      stats: [{ displayName: 'x', value: 0 }],
      executedQueryString: 'q',
    });
    expect(Object.keys(out)).toEqual(['typeVersion', 'custom', 'stats', 'executedQueryString']);
  });
});
