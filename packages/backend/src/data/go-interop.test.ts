import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFrame, encodeFrame, Frame, stringifyFrameJSON, toFrameJSON } from './index';

// testdata/builder.go.* were produced by the Go SDK (v0.298.0) reading encodeFrame(builtFrame()):
// .json is Go's json.Marshal of what it decoded, .arrow is Go's own re-encoding of it.
const dir = join(__dirname, 'testdata');

function builtFrame(): Frame {
  return new Frame({
    name: 'built',
    refId: 'B',
    meta: {
      executedQueryString: 'q',
      notices: [{ severity: 'warning', text: 'w', inspect: 1 }],
      stats: [{ displayName: 's', value: 2 }],
      custom: { a: 1 },
    },
    fields: [
      { name: 'time', type: 'time', values: [0, 1568039445123.5, -1, null], nullable: true },
      {
        name: 'v',
        type: 'float64',
        values: [1.5, NaN, Infinity, null],
        nullable: true,
        labels: { z: 'a', a: 'z' },
      },
      { name: 'v', type: 'string', values: ['é', '', 'x'.repeat(100), '🦥'] },
      {
        name: 'e',
        type: 'enum',
        values: [0, 1, 2, 0],
        config: { type: { enum: { text: ['a', 'b', 'c'] } } },
      },
      { name: 'j', type: 'json', values: [{ big: 18446744073709551615n }, null, [1, 'x'], 'str'] },
      { name: 'i', type: 'int64', values: [-9223372036854775808n, 0, 1, 9223372036854775807n] },
      { name: 'b', type: 'bool', values: [true, false, true, true] },
      { name: 'f32', type: 'float32', values: [0.1, 1e-45, 3.4028235e38, -0] },
    ],
  });
}

describe('interoperability with the Go SDK', () => {
  it('writes frame JSON byte-for-byte as Go marshals the frame it decoded from our Arrow', () => {
    const goJSON = readFileSync(join(dir, 'builder.go.json'), 'utf8');
    expect(stringifyFrameJSON(toFrameJSON(builtFrame()))).toBe(goJSON);
    expect(stringifyFrameJSON(toFrameJSON(decodeFrame(encodeFrame(builtFrame()))))).toBe(goJSON);
  });

  it("decodes Go's re-encoding of our frame to the same frame", () => {
    const goArrow = readFileSync(join(dir, 'builder.go.arrow'));
    expect(toFrameJSON(decodeFrame(goArrow))).toStrictEqual(toFrameJSON(builtFrame()));
  });
});
