import { BinaryReader } from '@bufbuild/protobuf/wire';
import * as grpc from '@grpc/grpc-js';

import { decodeErrorSource, encodeStatusDetails, errorSourceStatus } from './status-details';

describe('gRPC status details', () => {
  it('encodes google.rpc.Status with code, message and one ErrorInfo Any carrying errorSource', () => {
    const bytes = encodeStatusDetails(grpc.status.UNKNOWN, 'upstream down', 'downstream');
    const r = new BinaryReader(bytes);
    expect(r.uint32()).toBe((1 << 3) | 0);
    expect(r.int32()).toBe(2);
    expect(r.uint32()).toBe((2 << 3) | 2);
    expect(r.string()).toBe('upstream down');
    expect(r.uint32()).toBe((3 << 3) | 2);
    const any = new BinaryReader(r.bytes());
    expect(any.uint32()).toBe((1 << 3) | 2);
    expect(any.string()).toBe('type.googleapis.com/google.rpc.ErrorInfo');
    expect(decodeErrorSource(bytes)).toBe('downstream');
  });

  it('builds an UNKNOWN status whose trailer Grafana reads the error source from', () => {
    const s = errorSourceStatus('boom', 'plugin');
    expect(s.code).toBe(grpc.status.UNKNOWN);
    expect(s.details).toBe('boom');
    const [details] = s.metadata!.get('grpc-status-details-bin');
    expect(decodeErrorSource(details as Buffer)).toBe('plugin');
  });
});
