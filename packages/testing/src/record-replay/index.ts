/**
 * Record real upstream traffic through a proxy into fixture files (secrets scrubbed) and replay the
 * folder as a mock upstream: `mockUpstream({ record })` / `mockUpstream({ replay })`, or the
 * `recordUpstream` / `replayUpstream` shorthands.
 * @module
 */
export { recordUpstream, type Recorder, type RecordUpstreamOptions } from './record';
export type { RecordOptions } from './forward';
export { replayUpstream, readRecordings } from './replay';
export { scrubExchange, DEFAULT_SCRUB_HEADERS, SENSITIVE_NAME, type ScrubOptions } from './scrub';
export { SCRUBBED, type RecordedExchange, type StoredBody } from './types';
