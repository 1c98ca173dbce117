/** Errors `@dsforge/testing` reports; each names what went wrong and what to look at. */

/** The plugin could not be started and connected the way Grafana would. */
export class PluginStartError extends Error {
  override readonly name = 'PluginStartError';
  constructor(
    message: string,
    /** The last stderr lines the plugin wrote before failing (often the reason). */
    readonly stderrTail: string[] = [],
  ) {
    super(
      stderrTail.length > 0
        ? `${message}\n--- plugin stderr (last lines) ---\n${stderrTail.join('\n')}`
        : message,
    );
  }
}

/** A gRPC call to the plugin ended with a non-OK status (whole-request error, cancel, deadline). */
export class PluginCallError extends Error {
  override readonly name = 'PluginCallError';
  constructor(
    /** gRPC method path, e.g. `/pluginv2.Data/QueryData`. */
    readonly method: string,
    /** Numeric gRPC status code. */
    readonly code: number,
    /** Status code name, e.g. `CANCELLED`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`. */
    readonly codeName: string,
    /** The status message the plugin (or grpc-js) gave. */
    readonly details: string,
    /** Raw `grpc-status-details-bin` trailer, when present (error source travels here). */
    readonly statusDetails?: Buffer,
    /** `plugin` or `downstream` when the plugin attached a google.rpc.ErrorInfo, as the Go SDK does. */
    readonly errorSource?: string,
  ) {
    super(`${method} failed with ${codeName}: ${details}`);
  }
}
