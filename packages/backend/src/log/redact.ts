/**
 * Secret redaction for log output.
 *
 * Two independent mechanisms, both applied by the logger to every entry:
 * - **by key**: a field whose key looks like a credential ({@link SENSITIVE_KEY}) is replaced by
 *   {@link REDACTED}, at any depth inside objects;
 * - **by value**: known secret strings (the datasource's `decryptedSecureJsonData` values) are
 *   replaced wherever they occur inside a message or any string value, e.g. a token echoed in an
 *   upstream error message or a URL.
 */

/** What a redacted value is written as. */
export const REDACTED = '[redacted]';

/** Keys whose values are never logged (matched case-insensitively anywhere in the key). */
export const SENSITIVE_KEY = /secret|password|token|apikey|api_key|authorization|cookie|securejsondata/i;

/** True when a field with this key must be written as {@link REDACTED}. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/** Replaces every occurrence of a known secret inside a string. */
export type ValueRedactor = (text: string) => string;

/** A redactor that changes nothing (no known secrets). */
export const noRedaction: ValueRedactor = (text) => text;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a {@link ValueRedactor} that replaces any occurrence of any of `knownSecrets` with
 * {@link REDACTED}. Empty strings are ignored (they would match everywhere). Longer secrets are
 * matched first so a secret that contains another one is redacted whole.
 *
 * One compiled alternation instead of a loop of `replaceAll`s keeps the per-line cost to a single
 * scan, and the `includes` pre-check skips the regex for the common secret-free string.
 */
export function redactValues(knownSecrets: Iterable<string>): ValueRedactor {
  const secrets = [...new Set([...knownSecrets].filter((s) => typeof s === 'string' && s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (secrets.length === 0) return noRedaction;
  const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    if (!secrets.some((s) => text.includes(s))) return text;
    return text.replace(pattern, REDACTED);
  };
}
