/**
 * The error the format functions throw when upstream data does not have the shape the query or
 * the plugin expects (root path missing, a value that does not fit its declared type, malformed
 * CSV). It is a `bad_response` DsError: the upstream answered, but not with data we can show.
 * @module
 */
import { dsError, type DsError } from '../errors';

/** A `bad_response` DsError with a sentence naming what is wrong and where. */
export function dataError(message: string, details?: Record<string, unknown>): DsError {
  return dsError('bad_response', {
    message,
    suggestion:
      "Check the query's root path and field settings against the upstream's response, or ask the plugin author to handle this shape.",
    details,
  });
}
