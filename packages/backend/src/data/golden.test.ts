import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeFrame,
  encodeFrame,
  fromFrameJSON,
  parseFrameJSON,
  stringifyFrameJSON,
  toFrameJSON,
} from './index';

const dir = join(__dirname, 'testdata');
const goldenArrow = readFileSync(join(dir, 'all_types.golden.arrow'));
const goldenJSON = () => parseFrameJSON(readFileSync(join(dir, 'all_types.golden.json'), 'utf8'));

describe('Go SDK golden frame', () => {
  it('decodes the Go-written Arrow file to exactly the Go frame JSON', () => {
    expect(toFrameJSON(decodeFrame(goldenArrow))).toStrictEqual(goldenJSON());
  });

  it('keeps int64 and uint64 extremes exact', () => {
    const json = toFrameJSON(decodeFrame(goldenArrow));
    const names = json.schema!.fields.map((f) => f.name);
    expect(json.data!.values[names.indexOf('uint64_values')]![4]).toBe(18446744073709551615n);
    expect(json.data!.values[names.indexOf('int64_values')]![0]).toBe(-9223372036854775808n);
  });

  it('survives an encode/decode round trip unchanged', () => {
    const again = decodeFrame(encodeFrame(decodeFrame(goldenArrow)));
    expect(toFrameJSON(again)).toStrictEqual(goldenJSON());
  });

  it('encodes a frame built from the golden JSON back to the golden JSON', () => {
    const frame = fromFrameJSON(goldenJSON());
    expect(toFrameJSON(decodeFrame(encodeFrame(frame)))).toStrictEqual(goldenJSON());
  });

  it('stringifies and re-parses frame JSON without losing precision', () => {
    const json = toFrameJSON(decodeFrame(goldenArrow));
    expect(parseFrameJSON(stringifyFrameJSON(json))).toStrictEqual(goldenJSON());
  });
});
