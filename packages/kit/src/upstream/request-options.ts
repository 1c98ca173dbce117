/**
 * Optional request fields this module understands on top of the shared {@link UpstreamRequest}
 * (which `types.ts` fixes for every helper). Middlewares pass requests on with a spread, so these
 * fields survive any chain.
 * @module
 */
import type { UpstreamRequest } from '../types';
import type { QueryParams } from './url';

/** An {@link UpstreamRequest} with the optional fields {@link createFetch} honours. */
export interface FetchRequest extends UpstreamRequest {
  /** Query parameters appended to `url` (encoded; arrays repeat the key; undefined skipped). */
  query?: QueryParams;
  /**
   * Response size limit for this request in bytes; the lower of this and the instance's limit
   * applies. Set by {@link responseLimit}.
   */
  maxResponseBytes?: number;
}

/**
 * TLS options for the upstream connection (mTLS client certificate, private CA, server name).
 * These are Node `tls.connect` options, passed to undici's connector unchanged.
 */
export interface TlsOptions {
  /** Client certificate chain (PEM) for mTLS. */
  cert?: string | Buffer | (string | Buffer)[];
  /** Client private key (PEM) for mTLS. */
  key?: string | Buffer | (string | Buffer)[];
  /** CA certificates (PEM) to trust instead of Node's bundled roots. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Passphrase of an encrypted `key`. */
  passphrase?: string;
  /** false skips certificate verification (Grafana's "Skip TLS verify"); default true. */
  rejectUnauthorized?: boolean;
  /** Server name for SNI and certificate checks when it differs from the URL's host. */
  servername?: string;
}
