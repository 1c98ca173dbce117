/** CheckHealth as handlers see it ("Save & test" in Grafana's datasource settings). */
import type { RequestContext } from './handler';
import type { PluginContext } from './plugin-context';

/** Health outcome; Grafana shows `ok` green and anything else as a failed test. */
export type HealthStatus = 'ok' | 'error' | 'unknown';

/** A CheckHealth request. */
export interface CheckHealthRequest {
  plugin: PluginContext;
  /** Forwarded HTTP headers, keys prefixed `http_`. */
  headers: Record<string, string>;
}

/** The answer shown to the user. `details` must be a JSON object (Grafana answers 500 otherwise). */
export interface CheckHealthResult {
  status: HealthStatus;
  message?: string;
  details?: Record<string, unknown>;
}

/** The `checkHealth` handler. A throw is reported as status `error` with the error's message. */
export type CheckHealthHandler<I = unknown> = (
  req: CheckHealthRequest,
  ctx: RequestContext<I>,
) => Promise<CheckHealthResult>;

/** Validated, wire-ready health result. */
export interface EncodedHealthResult {
  status: HealthStatus;
  message: string;
  jsonDetails: Uint8Array;
}

/** Checks the handler's answer and serialises `details`; an unusable answer becomes an `error` result. */
export function finishHealthResult(result: CheckHealthResult | undefined): EncodedHealthResult {
  const status = result?.status;
  if (status !== 'ok' && status !== 'error' && status !== 'unknown') {
    return {
      status: 'error',
      message: `checkHealth returned status ${JSON.stringify(status)}; expected "ok", "error" or "unknown"`,
      jsonDetails: new Uint8Array(),
    };
  }
  const details = result?.details;
  if (details === undefined) return { status, message: result?.message ?? '', jsonDetails: new Uint8Array() };
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    return {
      status: 'error',
      message: 'checkHealth returned details that are not a JSON object',
      jsonDetails: new Uint8Array(),
    };
  }
  let text: string;
  try {
    text = JSON.stringify(details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (err) {
    return {
      status: 'error',
      message: `checkHealth details cannot be serialised: ${(err as Error).message}`,
      jsonDetails: new Uint8Array(),
    };
  }
  return { status, message: result?.message ?? '', jsonDetails: Buffer.from(text, 'utf8') };
}
