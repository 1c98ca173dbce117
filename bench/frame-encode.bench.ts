/**
 * Encodes a 1,000,000-row frame (time, float64, string label) to an Arrow IPC file several times
 * and prints one JSON line: {"name":"frame-encode-1m","rows","bytes","mbPerSec","msPerEncode","peakRssMb",
 * "firstEncodeMs","buildMs"}.
 * Run: pnpm exec tsx bench/frame-encode.bench.ts
 * The frame is built once from plain JS arrays (time as epoch ms; `buildMs`), then encoded RUNS
 * times; `msPerEncode` is the median, `firstEncodeMs` the first (cold) encode. `mbPerSec` is
 * MiB/s (bytes / 2^20), the unit the Go SDK baseline in tools/conformance/bench reports.
 */
import { Frame, encodeFrame } from '../packages/backend/src/data';

const ROWS = 1_000_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const t0 = Date.UTC(2026, 0, 1);
const times = new Array<number>(ROWS);
const values = new Array<number>(ROWS);
const labels = new Array<string>(ROWS);
for (let i = 0; i < ROWS; i++) {
  times[i] = t0 + i * 1000;
  values[i] = i * 1.5;
  labels[i] = 'series-' + (i % 10);
}
const buildStart = process.hrtime.bigint();
const frame = new Frame({
  name: 'rows',
  refId: 'A',
  fields: [
    { name: 'time', type: 'time', values: times },
    { name: 'value', type: 'float64', values },
    { name: 'label', type: 'string', values: labels },
  ],
});

const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;

let peakRss = process.memoryUsage().rss;
let bytes = 0;
const coldStart = process.hrtime.bigint();
encodeFrame(frame); // also the JIT warm-up
const firstEncodeMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
const durations: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const start = process.hrtime.bigint();
  bytes = encodeFrame(frame).byteLength;
  durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
durations.sort((a, b) => a - b);
const ms = durations[Math.floor(durations.length / 2)]!; // median
console.log(
  JSON.stringify({
    name: 'frame-encode-1m',
    rows: ROWS,
    bytes,
    mbPerSec: Math.round((bytes / 1048576 / (ms / 1000)) * 10) / 10,
    msPerEncode: Math.round(ms * 10) / 10,
    peakRssMb: Math.round(peakRss / 1048576),
    firstEncodeMs: Math.round(firstEncodeMs * 10) / 10,
    buildMs: Math.round(buildMs * 10) / 10,
  }),
);
