import { Frame } from '@dsforge/backend';

import { concatFrames, pagesToFrame } from './pages';
import { summarise } from './test-helpers';

describe('pagesToFrame', () => {
  it('joins raw pages before typing, so a key first seen on a later page is a nullable column', () => {
    const pages = [
      { items: [{ id: 1, name: 'a' }] },
      { items: [{ id: 2, name: 'b', extra: true }] },
      { items: [] },
    ];
    expect(summarise(pagesToFrame(pages, { root: 'items' }))).toEqual([
      { name: 'id', type: 'float64', values: [1, 2] },
      { name: 'name', type: 'string', values: ['a', 'b'] },
      { name: 'extra', type: 'bool', nullable: true, values: [null, true] },
    ]);
  });

  it('types a column once across pages (a number on one page and text on another is text)', () => {
    const frame = pagesToFrame([[{ v: 1 }], [{ v: 'x' }]]);
    expect(summarise(frame)).toEqual([{ name: 'v', type: 'string', values: ['1', 'x'] }]);
  });

  it('transposes columnar pages and applies maxRows across all pages', () => {
    const frame = pagesToFrame([{ v: [1, 2] }, { v: [3] }], { maxRows: 2 });
    expect(summarise(frame)).toEqual([{ name: 'v', type: 'float64', values: [1, 2] }]);
    expect(frame.meta?.notices?.[0]?.text).toContain('showing the first 2 of 3 rows');
  });

  it('gives an empty frame for no pages', () => {
    expect(pagesToFrame([]).rowCount).toBe(0);
  });
});

describe('concatFrames', () => {
  it('unions fields by name, unifies types and keeps notices once', () => {
    const a = new Frame({
      name: 'p',
      meta: { notices: [{ severity: 'info', text: 'hi' }] },
      fields: [
        { name: 'time', type: 'time', values: [0] },
        { name: 'v', type: 'int32', values: [1] },
      ],
    });
    const b = new Frame({
      meta: { notices: [{ severity: 'info', text: 'hi' }] },
      fields: [
        { name: 'v', type: 'float64', values: [2.5] },
        { name: 'time', type: 'time', values: [1000] },
        { name: 'host', type: 'string', values: ['x'] },
      ],
    });
    const frame = concatFrames([a, b]);
    expect(frame.name).toBe('p');
    expect(summarise(frame)).toEqual([
      { name: 'time', type: 'time', values: ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:01.000Z'] },
      { name: 'v', type: 'float64', values: [1, 2.5] },
      { name: 'host', type: 'string', nullable: true, values: [null, 'x'] },
    ]);
    expect(frame.meta?.notices).toEqual([{ severity: 'info', text: 'hi' }]);
  });

  it('is used by pagesToFrame when every page is a frame', () => {
    const f = (v: number) => new Frame({ fields: [{ name: 'v', type: 'float64', values: [v] }] });
    expect(summarise(pagesToFrame([f(1), f(2)]))).toEqual([{ name: 'v', type: 'float64', values: [1, 2] }]);
  });
});
