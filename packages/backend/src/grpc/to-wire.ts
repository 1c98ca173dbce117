/** Converts handler answers (already validated and encoded) into generated protobuf types. */
import type { EncodedResourceMessage } from '../call-resource';
import type { EncodedHealthResult } from '../check-health';
import type { EncodedDataResponse } from '../query-data';
import type { StreamStatus } from '../stream';
import * as pb from './gen/pluginv2';

function buf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A DataResponse; `status` is always set (Grafana reads a missing status as 500). `format` names
 * how the frames were encoded, so Grafana decodes them accordingly.
 */
export function dataResponseToWire(
  res: EncodedDataResponse,
  format: pb.DataFrameFormat = pb.DataFrameFormat.ARROW,
): pb.DataResponse {
  return {
    frames: res.frames.map(buf),
    error: res.error ?? '',
    jsonMeta: Buffer.alloc(0),
    status: res.status,
    errorSource: res.error !== undefined ? (res.errorSource ?? 'plugin') : '',
    format,
  };
}

/** A QueryDataResponse keyed by refId. */
export function queryDataResponseToWire(
  responses: Record<string, EncodedDataResponse>,
  format: pb.DataFrameFormat = pb.DataFrameFormat.ARROW,
): pb.QueryDataResponse {
  const out: pb.QueryDataResponse = { responses: {} };
  for (const [refId, res] of Object.entries(responses)) {
    out.responses[refId] = dataResponseToWire(res, format);
  }
  return out;
}

const HEALTH: Record<EncodedHealthResult['status'], pb.CheckHealthResponse_HealthStatus> = {
  ok: pb.CheckHealthResponse_HealthStatus.OK,
  error: pb.CheckHealthResponse_HealthStatus.ERROR,
  unknown: pb.CheckHealthResponse_HealthStatus.UNKNOWN,
};

export function healthToWire(res: EncodedHealthResult): pb.CheckHealthResponse {
  return { status: HEALTH[res.status], message: res.message, jsonDetails: buf(res.jsonDetails) };
}

export function resourceMessageToWire(msg: EncodedResourceMessage): pb.CallResourceResponse {
  const headers: Record<string, pb.StringList> = {};
  for (const [k, v] of Object.entries(msg.headers)) headers[k] = { values: v };
  return { code: msg.code, headers, body: buf(msg.body) };
}

const STREAM_STATUS: Record<StreamStatus, pb.SubscribeStreamResponse_Status> = {
  ok: pb.SubscribeStreamResponse_Status.OK,
  not_found: pb.SubscribeStreamResponse_Status.NOT_FOUND,
  permission_denied: pb.SubscribeStreamResponse_Status.PERMISSION_DENIED,
};

/** Subscribe/Publish status (both enums share numbers: OK 0, NOT_FOUND 1, PERMISSION_DENIED 2). */
export function streamStatusToWire(status: StreamStatus): pb.SubscribeStreamResponse_Status {
  return STREAM_STATUS[status] ?? pb.SubscribeStreamResponse_Status.NOT_FOUND;
}

export { buf as toBuffer };
