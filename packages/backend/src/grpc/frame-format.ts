/**
 * The frame encoding a request asks for (`QueryDataRequest.format`, `QueryChunkedDataRequest.format`):
 * Arrow IPC files by default, frame JSON (`{"schema":…,"data":…}`) when Grafana asks for JSON, as
 * grafana-plugin-sdk-go v0.298.0 does. Any other value is refused before a handler runs.
 */
import * as grpc from '@grpc/grpc-js';

import { encodeFrame, stringifyFrameJSON, toFrameJSON, type Frame } from '../data';
import type { FrameEncoder } from '../query-data';
import * as pb from './gen/pluginv2';
import { grpcStatus } from './status-details';

/** How frames of one request are encoded, and the wire value that names that encoding. */
export interface FrameFormat {
  wire: pb.DataFrameFormat;
  encode: FrameEncoder;
}

/** Go's `Frame.MarshalJSON`: the schema and the data halves together. */
export function encodeFrameJSON(frame: Frame): Uint8Array {
  return Buffer.from(stringifyFrameJSON(toFrameJSON(frame)), 'utf8');
}

const ARROW: FrameFormat = { wire: pb.DataFrameFormat.ARROW, encode: encodeFrame };
const JSON_FORMAT: FrameFormat = { wire: pb.DataFrameFormat.JSON, encode: encodeFrameJSON };

/** The format for a request's `format` field, or undefined when the value is not one we know. */
export function frameFormat(wire: number | undefined): FrameFormat | undefined {
  if (wire === undefined || wire === pb.DataFrameFormat.ARROW) return ARROW;
  if (wire === pb.DataFrameFormat.JSON) return JSON_FORMAT;
  return undefined;
}

/**
 * The whole-call error for an unknown format. The Go SDK fails such a QueryData with a plain error
 * (gRPC UNKNOWN, no error source); the same code here, said before any handler runs.
 */
export function unsupportedFormat(wire: number): Partial<grpc.StatusObject> {
  return grpcStatus(
    grpc.status.UNKNOWN,
    `unsupported data frame format ${wire}; this plugin sends ARROW (0) or JSON (1)`,
  );
}
