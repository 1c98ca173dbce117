/**
 * Upstream timeouts: defaults, merging, and Grafana's jsonData convention.
 * @module
 */
import type { UpstreamTimeouts } from '../types';

/**
 * Defaults, after the Go SDK's HTTP client (`Timeout` 30 s, dial 10 s). The first-byte timeout
 * defaults to the total so that an admin who raises `timeout` for a slow API is not cut off by a
 * limit they cannot see.
 */
export const DEFAULT_UPSTREAM_TIMEOUTS: Readonly<UpstreamTimeouts> = Object.freeze({
  connectMs: 10_000,
  firstByteMs: 30_000,
  totalMs: 30_000,
});

function valid(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0;
}

/**
 * Fills missing or invalid (non-positive, non-finite) fields from `base`. When only `totalMs`
 * is given, `firstByteMs` follows it rather than keeping the base's value (see the defaults).
 */
export function mergeTimeouts(
  base: Readonly<UpstreamTimeouts>,
  override: Partial<UpstreamTimeouts> | undefined,
): UpstreamTimeouts {
  if (!override) return { ...base };
  const totalMs = valid(override.totalMs) ? override.totalMs : base.totalMs;
  const firstByteMs = valid(override.firstByteMs)
    ? override.firstByteMs
    : valid(override.totalMs)
      ? totalMs
      : base.firstByteMs;
  const connectMs = valid(override.connectMs) ? override.connectMs : base.connectMs;
  return { connectMs, firstByteMs, totalMs };
}

function seconds(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return valid(n) ? n * 1000 : undefined;
}

/**
 * Timeouts from a datasource's jsonData as Grafana's HTTP settings store them: `timeout` (total)
 * and `dialTimeout` (connect), in seconds, numbers or numeric strings (provisioning files often
 * quote them). Unset, zero or invalid values are left out.
 */
export function timeoutsFromJsonData(jsonData: unknown): Partial<UpstreamTimeouts> {
  if (jsonData === null || typeof jsonData !== 'object') return {};
  const j = jsonData as Record<string, unknown>;
  const out: Partial<UpstreamTimeouts> = {};
  const total = seconds(j.timeout);
  const connect = seconds(j.dialTimeout);
  if (total !== undefined) out.totalMs = total;
  if (connect !== undefined) out.connectMs = connect;
  return out;
}
