/**
 * The example datasource's handlers, built as a value so tests can run them in-process; `main.ts`
 * passes them to `serve`.
 */
import { bodyText, Frame, queryEach, type ServeOptions } from '@dsforge/backend';

import { parseExampleQuery, runScenario, type ExampleQuery } from './scenarios';
import { createState, type ExampleState } from './state';

/** One datasource's state: its sequence number among created instances. */
export interface ExampleInstance {
  seq: number;
  uid: string;
}

interface TicksData {
  count?: unknown;
  intervalMs?: unknown;
}

function intOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The plugin's options for `serve`, plus the state its handlers update. */
export function createExamplePlugin(): {
  options: ServeOptions<ExampleInstance, ExampleQuery>;
  state: ExampleState;
} {
  const state = createState();
  const options: ServeOptions<ExampleInstance, ExampleQuery> = {
    metrics: state.metrics,

    createInstance(settings) {
      state.instances++;
      return { seq: state.instances, uid: settings.uid };
    },

    parseQuery: (json) => parseExampleQuery(json),

    queryData: queryEach((q, ctx) => runScenario(q, ctx, state)),

    async checkHealth(_req, ctx) {
      if ((ctx.plugin.dataSource?.jsonData as { failHealth?: unknown } | undefined)?.failHealth === true) {
        return { status: 'error', message: 'Health check failed because jsonData.failHealth is set' };
      }
      return {
        status: 'ok',
        message: 'Example datasource is working',
        details: { uid: ctx.plugin.dataSource?.uid ?? '', instance: ctx.instance.seq },
      };
    },

    async callResource(req, ctx, sender) {
      switch (req.path) {
        case 'echo':
          return {
            status: 200,
            json: {
              method: req.method,
              path: req.path,
              url: req.url,
              body: bodyText(req),
              user: ctx.plugin.user?.login ?? null,
            },
          };
        case 'chunks':
          await sender.send({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'one\n' });
          await sender.sendBody('two\n');
          await sender.sendBody('three\n');
          return;
        case 'stats':
          return { status: 200, json: { cancelled: state.cancelled, instances: state.instances } };
        default:
          return { status: 404, json: { message: `no resource at ${req.path}` } };
      }
    },

    async subscribeStream(req) {
      return { status: req.path === 'ticks' ? 'ok' : 'not_found' };
    },

    async publishStream() {
      return { status: 'permission_denied' };
    },

    async runStream(req, ctx, sender) {
      if (req.path !== 'ticks') throw new Error(`no stream at ${req.path}`);
      const data = (req.data ?? {}) as TicksData;
      const count = intOr(data.count, 5);
      const intervalMs = intOr(data.intervalMs, 10);
      for (let i = 0; i < count && !ctx.signal.aborted; i++) {
        if (i > 0) await sleep(intervalMs, ctx.signal);
        if (ctx.signal.aborted) break;
        await sender.sendFrame(
          new Frame({
            name: 'ticks',
            fields: [
              { name: 'time', type: 'time', values: [Date.now()] },
              { name: 'value', type: 'float64', values: [i] },
            ],
          }),
        );
      }
    },
  };
  return { options, state };
}
