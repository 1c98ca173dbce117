/**
 * Grafana Live streams as handlers see them: SubscribeStream (may this user watch `path`?),
 * RunStream (produce packets until cancelled) and PublishStream (a client sends to `path`).
 */
import type { Frame } from './data';
import type { RequestContext } from './handler';
import type { PluginContext } from './plugin-context';

/** A stream request. `data` is the parsed JSON the frontend sent (undefined when none). */
export interface StreamRequest {
  plugin: PluginContext;
  path: string;
  data: unknown;
  rawData: Uint8Array;
  headers: Record<string, string>;
}

/** Outcome of SubscribeStream/PublishStream. */
export type StreamStatus = 'ok' | 'not_found' | 'permission_denied';

/** Answer to SubscribeStream; `initialFrame` (sent with schema) or `data` (JSON) is optional initial data. */
export interface SubscribeStreamResult {
  status: StreamStatus;
  data?: unknown;
  initialFrame?: Frame;
}

/** Answer to PublishStream. */
export interface PublishStreamResult {
  status: StreamStatus;
  data?: unknown;
}

/** Which parts of a frame a packet carries. */
export type FrameInclude = 'all' | 'schema' | 'data';

/** Sends packets on a running stream. */
export interface StreamSender {
  /**
   * Sends a frame as frame JSON. Default `include`: schema and data on the first frame, data
   * only afterwards (Grafana Live keeps the schema).
   */
  sendFrame(frame: Frame, include?: FrameInclude): Promise<void>;
  /** Sends any JSON value. */
  sendJSON(value: unknown): Promise<void>;
}

export type SubscribeStreamHandler<I = unknown> = (
  req: StreamRequest,
  ctx: RequestContext<I>,
) => Promise<SubscribeStreamResult>;
/** Runs until done or `ctx.signal` aborts (the last subscriber left, or shutdown). */
export type RunStreamHandler<I = unknown> = (
  req: StreamRequest,
  ctx: RequestContext<I>,
  sender: StreamSender,
) => Promise<void>;
export type PublishStreamHandler<I = unknown> = (
  req: StreamRequest,
  ctx: RequestContext<I>,
) => Promise<PublishStreamResult>;
