/**
 * What QueryData and QueryChunkedData share around the query pipeline: the answers when the
 * request fails before any handler runs, and the request's outcome for the completion log line.
 */
import { toErrorResponse } from '../error-source';
import type { EncodedDataResponse } from '../query-data';
import { SettingsError } from '../settings';

/**
 * Every query of the request answered with the same error: settings unusable (400) or the
 * datasource instance could not be created (that error's status and source).
 */
export function allFailed(refIds: readonly string[], err: unknown): Record<string, EncodedDataResponse> {
  const e = toErrorResponse(err);
  const status = err instanceof SettingsError ? 400 : e.status;
  return Object.fromEntries(
    refIds.map((refId) => [refId, { frames: [], error: e.error, status, errorSource: e.errorSource }]),
  );
}

/**
 * The `finish` arguments for a request whose queries were answered: `error` when any query failed,
 * and, like the Go SDK, `statusSource` downstream when one of the failures is downstream.
 */
export function requestOutcome(
  answers: Record<string, EncodedDataResponse>,
): ['ok' | 'error', Record<string, unknown>] {
  const failures = Object.values(answers).filter((a) => a.error !== undefined);
  if (failures.length === 0) return ['ok', {}];
  const statusSource = failures.some((a) => a.errorSource === 'downstream') ? 'downstream' : 'plugin';
  return ['error', { failedQueries: failures.length, statusSource }];
}
