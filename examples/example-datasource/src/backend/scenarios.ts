/** The example's query scenarios: one function per scenario, selected by `scenario` in the query JSON. */
import {
  Frame,
  fromFrameJSON,
  parseFrameJSON,
  type DataQuery,
  type DataResponse,
  type RequestContext,
} from '@dsforge/backend';

import { ALL_TYPES_GOLDEN_JSON } from './all-types-golden';
import { DEFAULT_FRAMES, MAX_FRAMES, multiFrames } from './multi-frame';
import type { ExampleState } from './state';

/** The query model after validation. */
export interface ExampleQuery {
  scenario: Scenario;
  rows: number;
  bytes: number;
  /** How many frames `multi_frame` answers. */
  frames: number;
}

/**
 * Upper bounds on generated data: a query asking for a billion rows must get a 400 naming the
 * limit, not stall the plugin building it (found by certification's bad-input fuzzing).
 */
export const MAX_ROWS = 1_000_000;
export const MAX_BYTES = 256 * 1024 * 1024;

export const SCENARIOS = [
  'rows',
  'all_types',
  'multi_frame',
  'error',
  'throw',
  'slow',
  'big',
  'mismatch',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

function nonNegativeInt(json: Record<string, unknown>, key: string, fallback: number, max: number): number {
  const v = json[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new Error(`query "${key}" must be an integer from 0 to ${max}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** `parseQuery`: a throw here becomes the query's 400 error; the handler never sees it. */
export function parseExampleQuery(json: unknown): ExampleQuery {
  const obj = (json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {}) as Record<
    string,
    unknown
  >;
  const scenario = obj.scenario;
  if (scenario === undefined || scenario === '') {
    throw new Error(`query JSON has no "scenario"; expected one of ${SCENARIOS.join(', ')}`);
  }
  if (typeof scenario !== 'string' || !(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new Error(`unknown scenario ${JSON.stringify(scenario)}; expected one of ${SCENARIOS.join(', ')}`);
  }
  return {
    scenario: scenario as Scenario,
    rows: nonNegativeInt(obj, 'rows', 100, MAX_ROWS),
    bytes: nonNegativeInt(obj, 'bytes', 1 << 20, MAX_BYTES),
    frames: nonNegativeInt(obj, 'frames', DEFAULT_FRAMES, MAX_FRAMES),
  };
}

/** `rows`: time from the range start in 1 s steps, value = i * 1.5, label = series-(i % 10). */
export function rowsFrame(from: Date, rows: number): Frame {
  const t0 = from.getTime();
  const time = new Array<number>(rows);
  const value = new Float64Array(rows);
  const label = new Array<string>(rows);
  for (let i = 0; i < rows; i++) {
    time[i] = t0 + i * 1000;
    value[i] = i * 1.5;
    label[i] = `series-${i % 10}`;
  }
  return new Frame({
    name: 'rows',
    meta: { executedQueryString: `rows ${rows}` },
    fields: [
      { name: 'time', type: 'time', values: time },
      { name: 'value', type: 'float64', values: value },
      { name: 'label', type: 'string', values: label },
    ],
  });
}

/** `big`: one string field of 1 KiB values totalling about `bytes`. */
function bigFrame(bytes: number): Frame {
  const chunk = 'x'.repeat(1024);
  const count = Math.max(Math.floor(bytes / 1024), 1);
  return new Frame({
    name: 'big',
    fields: [{ name: 'payload', type: 'string', values: new Array<string>(count).fill(chunk) }],
  });
}

/** Resolves when `signal` aborts (never otherwise). */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Runs one query. */
export async function runScenario(
  q: DataQuery<ExampleQuery>,
  ctx: RequestContext<unknown>,
  state: ExampleState,
): Promise<DataResponse | Frame[]> {
  state.queriesTotal.inc();
  switch (q.query.scenario) {
    case 'rows':
      return [rowsFrame(q.timeRange.from, q.query.rows)];
    case 'all_types': {
      const frame = fromFrameJSON(parseFrameJSON(ALL_TYPES_GOLDEN_JSON));
      frame.refId = q.refId;
      return [frame];
    }
    case 'multi_frame':
      return multiFrames(q.timeRange.from, q.query.frames);
    case 'error':
      return { error: 'upstream rejected the query: scenario error', status: 400, errorSource: 'downstream' };
    case 'throw':
      throw new Error('boom');
    case 'slow': {
      await untilAborted(ctx.signal);
      state.cancelled++;
      ctx.logger.info('query cancelled', { refId: q.refId });
      const why = (ctx.signal.reason as Error | undefined)?.message ?? 'cancelled';
      return { error: `query cancelled: ${why}`, status: 504, errorSource: 'plugin' };
    }
    case 'big':
      return [bigFrame(q.query.bytes)];
    case 'mismatch':
      // Deliberately invalid: the runtime answers with an error naming both fields.
      return [
        new Frame({
          name: 'mismatch',
          fields: [
            { name: 'a', type: 'float64', values: [1, 2, 3] },
            { name: 'b', type: 'float64', values: [1, 2] },
          ],
        }),
      ];
  }
}
