/**
 * Parsing the go-plugin handshake line exactly as hashicorp/go-plugin v1.8.0's host does
 * (`client.go` `Start()`), with Grafana's configuration: only protocol version 2, only gRPC.
 *
 * Line format: `CORE|APP|NETWORK|ADDR|PROTOCOL[|SERVERCERT[|MUX]]`, e.g. `1|2|unix|/tmp/plugin123|grpc|`.
 */

/** Where the plugin's gRPC server listens, as announced on its first stdout line. */
export interface Handshake {
  /** go-plugin core protocol version; always 1. */
  coreVersion: 1;
  /** Negotiated app protocol version; Grafana accepts only 2. */
  protocolVersion: 2;
  network: 'unix' | 'tcp';
  /** Unix socket path, or `host:port` for tcp. */
  address: string;
  protocol: 'grpc';
  /** Base64 (raw std) DER certificate when the plugin runs AutoMTLS; Grafana never enables it. */
  serverCert?: string;
}

/** The handshake line is not one Grafana's go-plugin host accepts; `message` is go-plugin's wording. */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
  constructor(
    message: string,
    /** The offending line (trimmed). */
    readonly line: string,
  ) {
    super(message);
  }
}

/** The protocol versions Grafana's host configures (`VersionedPlugins: {2: ...}`). */
const CLIENT_VERSIONS = [2];

/** Go's `strconv.Atoi`: optional sign, decimal digits only. */
function atoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Parses one handshake line. Returns the handshake or throws a {@link HandshakeError} whose message
 * is what go-plugin reports for that line (e.g. `Unrecognized remote plugin message: hello`).
 */
export function parseHandshakeLine(rawLine: string): Handshake {
  // go-plugin: strings.TrimSpace, then strings.Split on "|"; fewer than 4 parts is not a handshake.
  const line = rawLine.trim();
  const parts = line.split('|');
  if (parts.length < 4) {
    throw new HandshakeError(`Unrecognized remote plugin message: ${line}`, line);
  }
  const [coreText, appText, network, address] = parts as [string, string, string, string];

  const core = atoi(coreText);
  if (core === undefined) {
    throw new HandshakeError(
      `error parsing core protocol version: strconv.Atoi: parsing "${coreText}": invalid syntax`,
      line,
    );
  }
  if (core !== 1) {
    throw new HandshakeError(
      `incompatible core API version with plugin. Plugin version: ${coreText}, Core version: 1`,
      line,
    );
  }

  const app = atoi(appText);
  if (app === undefined) {
    throw new HandshakeError(
      `Error parsing protocol version "${appText}": strconv.Atoi: parsing "${appText}": invalid syntax`,
      line,
    );
  }
  if (!CLIENT_VERSIONS.includes(app)) {
    throw new HandshakeError(
      `incompatible API version with plugin. Plugin version: ${app}, Client versions: [${CLIENT_VERSIONS.join(' ')}]`,
      line,
    );
  }

  if (network !== 'unix' && network !== 'tcp') {
    throw new HandshakeError(`unknown address type: ${address}`, line);
  }
  if (network === 'tcp' && !/^.+:\d+$/.test(address)) {
    throw new HandshakeError(`address ${address}: missing port in address`, line);
  }

  // A missing protocol field means net/rpc, which Grafana refuses.
  const protocol = parts.length >= 5 ? (parts[4] as string) : 'netrpc';
  if (protocol !== 'grpc') {
    throw new HandshakeError(`unsupported plugin protocol "${protocol}". Supported: [grpc]`, line);
  }

  const handshake: Handshake = { coreVersion: 1, protocolVersion: 2, network, address, protocol };
  // go-plugin only treats field 6 as a certificate when it is longer than 50 characters.
  const cert = parts[5];
  if (cert !== undefined && cert.length > 50) handshake.serverCert = cert;
  return handshake;
}

/** The gRPC target string for grpc-js: `unix:<path>` or `host:port`. */
export function grpcTarget(handshake: Handshake): string {
  return handshake.network === 'unix' ? `unix:${handshake.address}` : handshake.address;
}
