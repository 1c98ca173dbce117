/**
 * Encodes a 1,000,000-row frame (time, float64, string label) to an Arrow IPC file several times
 * and prints one JSON line: {"name":"frame-encode-1m","rows","bytes","mbPerSec","msPerEncode","peakRssMb"}.
 * Run: pnpm exec tsx bench/frame-encode.bench.ts
 * The frame is built once from plain JS arrays (time as epoch ms); only encodeFrame is timed.
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
const frame = new Frame({
  name: 'rows',
  refId: 'A',
  fields: [
    { name: 'time', type: 'time', values: times },
    { name: 'value', type: 'float64', values },
    { name: 'label', type: 'string', values: labels },
  ],
});

let peakRss = process.memoryUsage().rss;
let bytes = 0;
encodeFrame(frame); // warm-up (JIT)
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
    mbPerSec: Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10,
    msPerEncode: Math.round(ms * 10) / 10,
    peakRssMb: Math.round(peakRss / 1048576),
  }),
);
