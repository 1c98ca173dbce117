/**
 * The hashicorp go-plugin handshake, as a Go plugin built with go-plugin v1.8.0 performs it:
 * magic-cookie check, protocol-version negotiation and the single stdout line the host parses.
 */

/** Environment variable Grafana sets as go-plugin's magic cookie key. */
export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
/** Value Grafana sets for every plugin type (apps included). */
export const MAGIC_COOKIE_VALUE = 'datasource';
/** go-plugin's core protocol version (first field of the handshake line). */
export const CORE_PROTOCOL_VERSION = 1;
/** Application protocol versions this runtime serves; Grafana speaks only 2. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [2];

/** What go-plugin prints (to stderr) when a plugin binary is run by hand; exit status is 1. */
export const NOT_A_PLUGIN_MESSAGE =
  'This binary is a plugin. These are not meant to be executed directly.\n' +
  'Please execute the program that consumes these plugins, which will\n' +
  'load any plugins automatically\n';

type Env = Record<string, string | undefined>;

/** True when the host set the magic cookie, i.e. we were launched by Grafana (or a host like it). */
export function hasMagicCookie(env: Env): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * Picks the protocol version to serve from `PLUGIN_PROTOCOL_VERSIONS` (comma list of versions the
 * host speaks): the highest one we support too. With no common version (or no variable) go-plugin
 * serves its own lowest version and lets the host reject it, which gives the host's clearer error.
 */
export function negotiateProtocolVersion(
  env: Env,
  supported: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS,
): number {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .map((v) => Number.parseInt(v.trim(), 10))
    .filter((v) => Number.isInteger(v));
  const common = offered.filter((v) => supported.includes(v));
  if (common.length > 0) return Math.max(...common);
  return Math.min(...supported);
}

/** Where the gRPC server listens, as announced in the handshake line. */
export interface ListenAddress {
  network: 'unix' | 'tcp';
  /** Socket path for `unix`, `127.0.0.1:<port>` for `tcp`. */
  address: string;
}

/**
 * The handshake line, `CORE|APP|NETWORK|ADDR|grpc|` plus newline. The sixth field (server
 * certificate) stays empty: Grafana never enables AutoMTLS. No seventh (multiplex) field, which
 * go-plugin reads only when the host asked for broker multiplexing.
 */
export function formatHandshakeLine(protocolVersion: number, listen: ListenAddress): string {
  return `${CORE_PROTOCOL_VERSION}|${protocolVersion}|${listen.network}|${listen.address}|grpc|\n`;
}
