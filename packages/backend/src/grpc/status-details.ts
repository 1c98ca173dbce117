/**
 * Whole-request errors the way the Go SDK sends them: gRPC status UNKNOWN carrying one
 * `google.rpc.ErrorInfo{metadata:{errorSource}}` in the `grpc-status-details-bin` trailer, which
 * Grafana reads back as the error's source (SDK `enrichWithErrorSourceInfo`).
 */
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import * as grpc from '@grpc/grpc-js';

import type { ErrorSourceName } from '../handler';

const ERROR_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.ErrorInfo';

/** google.rpc.ErrorInfo{reason=1, domain=2, metadata=3 map<string,string>}. */
function encodeErrorInfo(metadata: Record<string, string>): Uint8Array {
  const w = new BinaryWriter();
  for (const [key, value] of Object.entries(metadata)) {
    w.uint32(26).fork().uint32(10).string(key).uint32(18).string(value).join();
  }
  return w.finish();
}

/** google.rpc.Status{code=1, message=2, details=3 Any{type_url=1, value=2}}. */
export function encodeStatusDetails(code: number, message: string, errorSource: ErrorSourceName): Buffer {
  const w = new BinaryWriter();
  if (code !== 0) w.uint32(8).int32(code);
  if (message !== '') w.uint32(18).string(message);
  w.uint32(26)
    .fork()
    .uint32(10)
    .string(ERROR_INFO_TYPE_URL)
    .uint32(18)
    .bytes(encodeErrorInfo({ errorSource }))
    .join();
  return Buffer.from(w.finish());
}

/** Reads the errorSource back from `grpc-status-details-bin` (tests and the TS host). */
export function decodeErrorSource(details: Uint8Array): string | undefined {
  const status = new BinaryReader(details);
  let found: string | undefined;
  while (status.pos < status.len) {
    const tag = status.uint32();
    if (tag >>> 3 !== 3) {
      status.skip(tag & 7);
      continue;
    }
    const any = new BinaryReader(status.bytes());
    let typeUrl = '';
    let value: Uint8Array = new Uint8Array();
    while (any.pos < any.len) {
      const t = any.uint32();
      if (t >>> 3 === 1) typeUrl = any.string();
      else if (t >>> 3 === 2) value = any.bytes();
      else any.skip(t & 7);
    }
    if (typeUrl !== ERROR_INFO_TYPE_URL) continue;
    const info = new BinaryReader(value);
    while (info.pos < info.len) {
      const t = info.uint32();
      if (t >>> 3 !== 3) {
        info.skip(t & 7);
        continue;
      }
      const entry = new BinaryReader(info.bytes());
      let key = '';
      let val = '';
      while (entry.pos < entry.len) {
        const e = entry.uint32();
        if (e >>> 3 === 1) key = entry.string();
        else if (e >>> 3 === 2) val = entry.string();
        else entry.skip(e & 7);
      }
      if (key === 'errorSource') found = val;
    }
  }
  return found;
}

/** A gRPC error status (UNKNOWN) carrying the error source, ready for a callback or `destroy`. */
export function errorSourceStatus(message: string, errorSource: ErrorSourceName): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', encodeStatusDetails(grpc.status.UNKNOWN, message, errorSource));
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}

/** A plain gRPC error status such as UNIMPLEMENTED. */
export function grpcStatus(code: grpc.status, message: string): Partial<grpc.StatusObject> {
  return { code, details: message, metadata: new grpc.Metadata() };
}
