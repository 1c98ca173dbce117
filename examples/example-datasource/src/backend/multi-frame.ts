/**
 * The `multi_frame` scenario: several frames for one query, the way a datasource answers one
 * frame per series. The frames differ in name, labels, values and metadata, so a reader that
 * drops, reorders or mixes them up (QueryChunkedData's `f0`, `f1`, … chunks) gets a visible
 * difference. `tools/conformance/refplugin` builds the same frames with the Go SDK.
 */
import { Frame } from '@dsforge/backend';

/**
 * Upper bound on `frames`: each frame is a separate chunk over QueryChunkedData, so an unbounded
 * count from fuzzed query JSON would stall the plugin; over it the query is a 400 naming it.
 */
export const MAX_FRAMES = 1000;

/** Default `frames` when the query has none. */
export const DEFAULT_FRAMES = 3;

/** Rows in every frame: small and fixed, so the total size grows only with `frames`. */
export const ROWS_PER_FRAME = 3;

/**
 * Frame `i` of `count`: name `series-<i>`, `time` from the range start in 1 s steps and `value`
 * = i × 10 + row with labels `{ series: "<i>" }`, `meta.executedQueryString` = `multi_frame <i+1>/<count>`.
 */
export function seriesFrame(from: Date, i: number, count: number): Frame {
  const t0 = from.getTime();
  const time = new Array<number>(ROWS_PER_FRAME);
  const value = new Array<number>(ROWS_PER_FRAME);
  for (let row = 0; row < ROWS_PER_FRAME; row++) {
    time[row] = t0 + row * 1000;
    value[row] = i * 10 + row;
  }
  return new Frame({
    name: `series-${i}`,
    meta: { executedQueryString: `multi_frame ${i + 1}/${count}` },
    fields: [
      { name: 'time', type: 'time', values: time },
      { name: 'value', type: 'float64', values: value, labels: { series: String(i) } },
    ],
  });
}

/** The answer to `multi_frame`: `count` frames, in order. */
export function multiFrames(from: Date, count: number): Frame[] {
  return Array.from({ length: count }, (_, i) => seriesFrame(from, i, count));
}
