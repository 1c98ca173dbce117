/**
 * The kit's error SDK: one error class ({@link DsError}) with a closed set of categories,
 * classification of anything thrown ({@link DsError.from}), HTTP statuses
 * ({@link errorFromHttpStatus}) and the wire format of a failed query ({@link errorResponse}).
 * @module
 */
export {
  ERROR_CATEGORIES,
  CATEGORY_INFO,
  isErrorCategory,
  formatDuration,
  type ErrorCategory,
  type ErrorSourceKind,
  type CategoryInfo,
} from './categories';
export { DsError, dsError, type DsErrorOptions, type DsErrorPayload } from './ds-error';
export {
  isDsError,
  classify,
  categoryForHttpStatus,
  httpStatusClassification,
  safeUrl,
  upstreamReason,
  type FromHints,
  type DsErrorLike,
  type Classification,
} from './classify';
export { errorFromHttpStatus, type HttpStatusInfo } from './http-status';
export {
  errorFrame,
  errorResponse,
  errorLogFields,
  describeCause,
  DSFORGE_ERROR_VERSION,
  DSFORGE_ERROR_KEY,
} from './wire';

import { DsError } from './ds-error';

/** True when `e` is (or was classified as) a cancellation by Grafana, not a failure. */
export function isCancellation(e: unknown): boolean {
  return DsError.from(e).category === 'cancelled';
}
