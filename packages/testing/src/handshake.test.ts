import { grpcTarget, HandshakeError, parseHandshakeLine } from './handshake';

describe('parseHandshakeLine', () => {
  it('accepts the line a Go SDK plugin prints on Linux', () => {
    expect(parseHandshakeLine('1|2|unix|/tmp/plugin123456789|grpc|\n')).toEqual({
      coreVersion: 1,
      protocolVersion: 2,
      network: 'unix',
      address: '/tmp/plugin123456789',
      protocol: 'grpc',
    });
  });

  it('accepts a tcp address without the trailing empty field', () => {
    const hs = parseHandshakeLine('  1|2|tcp|127.0.0.1:10001|grpc  ');
    expect(hs.network).toBe('tcp');
    expect(grpcTarget(hs)).toBe('127.0.0.1:10001');
  });

  it('turns a unix socket into a grpc-js unix: target', () => {
    expect(grpcTarget(parseHandshakeLine('1|2|unix|/tmp/p|grpc|'))).toBe('unix:/tmp/p');
  });

  it('keeps a long sixth field as the AutoMTLS server certificate and ignores a short one', () => {
    const cert = 'A'.repeat(60);
    expect(parseHandshakeLine(`1|2|unix|/tmp/p|grpc|${cert}`).serverCert).toBe(cert);
    expect(parseHandshakeLine('1|2|unix|/tmp/p|grpc|short').serverCert).toBeUndefined();
  });

  it.each([
    ['hello', 'Unrecognized remote plugin message: hello'],
    ['', 'Unrecognized remote plugin message: '],
    ['1|2|unix', 'Unrecognized remote plugin message: 1|2|unix'],
    ['x|2|unix|/tmp/p|grpc', 'error parsing core protocol version'],
    ['2|2|unix|/tmp/p|grpc', 'incompatible core API version with plugin'],
    ['1|1|unix|/tmp/p|grpc', 'incompatible API version with plugin. Plugin version: 1, Client versions: [2]'],
    ['1|two|unix|/tmp/p|grpc', 'Error parsing protocol version "two"'],
    ['1|2|udp|/tmp/p|grpc', 'unknown address type: /tmp/p'],
    ['1|2|unix|/tmp/p', 'unsupported plugin protocol "netrpc"'],
    ['1|2|unix|/tmp/p|netrpc', 'unsupported plugin protocol "netrpc". Supported: [grpc]'],
    ['1|2|tcp|localhost|grpc', 'missing port in address'],
  ])('rejects %j the way go-plugin does', (line, message) => {
    expect(() => parseHandshakeLine(line)).toThrow(HandshakeError);
    expect(() => parseHandshakeLine(line)).toThrow(message);
  });
});
