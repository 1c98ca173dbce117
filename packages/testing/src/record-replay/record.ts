/**
 * `recordUpstream`: a recording proxy — `mockUpstream({ record })` with the shape of a recorder.
 * Point the plugin (or any client) at its URL instead of the real upstream; every request is
 * forwarded to `target` unchanged (real credentials go through), the response is returned to the
 * client, and the exchange is written to `fixturesDir` with secrets scrubbed (see `forward.ts`,
 * `scrub.ts`). Replay the folder with `replayUpstream` or `mockUpstream({ replay })`.
 * @module
 */
import { mockUpstream, type MockUpstream } from '../mock-upstream';
import type { RecordOptions } from './forward';
import type { RecordedExchange } from './types';

/** Options of {@link recordUpstream}. */
export type RecordUpstreamOptions = RecordOptions;

/** A running recording proxy. */
export interface Recorder {
  /** `http://127.0.0.1:<port>`: use it as the datasource URL while recording. */
  readonly url: string;
  /** Exchanges recorded so far (scrubbed, as written). */
  readonly recorded: RecordedExchange[];
  /** Files written so far. */
  readonly files: string[];
  /** The mock upstream doing the recording (its request log shows every forwarded request). */
  readonly upstream: MockUpstream;
  /** Stops the proxy (waits for files being written). */
  close(): Promise<void>;
}

/** Starts a recording proxy; see the module comment. */
export async function recordUpstream(opts: RecordUpstreamOptions): Promise<Recorder> {
  const upstream = await mockUpstream({ record: opts });
  const recording = upstream.recording!;
  return {
    url: upstream.url,
    recorded: recording.recorded,
    files: recording.files,
    upstream,
    close: () => upstream.close(),
  };
}
