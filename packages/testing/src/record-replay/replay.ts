/**
 * `replayUpstream`: serves a folder of recorded exchanges as a mock upstream — the same as
 * `mockUpstream({ replay: fixturesDir })`, so the request log, `settled()` and the other mock
 * features work. Matching rules: `replay-routes.ts`.
 * @module
 */
import { mockUpstream } from '../mock-upstream';
import type { MockUpstream, MockUpstreamOptions } from '../mock-upstream';

export { readRecordings } from './replay-routes';

/** Starts a mock upstream answering with the recordings of `fixturesDir`. */
export function replayUpstream(
  fixturesDir: string,
  opts: Omit<MockUpstreamOptions, 'replay' | 'record'> = {},
): Promise<MockUpstream> {
  return mockUpstream({ ...opts, replay: fixturesDir });
}
