/**
 * Keeps secret values out of anything an auth provider hands back: text taken from a token or
 * login endpoint's answer (which may echo what we sent), URLs that carry an API key as a query
 * parameter, and errors thrown by inner layers that name such a URL.
 * @module
 */

const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: replacing "a" everywhere helps nobody. */
const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret (raw and URL-encoded) replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, secrets, depth + 1);
  return out;
}

/**
 * Removes secrets from an error thrown below an auth provider, in place: `message`, `stack`,
 * `details` and any `url` property, down the `cause` chain. Inner layers name the URL in their
 * errors (an API key can travel in it) and keep the upstream's reason (which may echo a header
 * back). Returns the same error.
 */
export function redactError<E>(err: E, secrets: readonly string[], depth = 0): E {
  if (err === null || typeof err !== 'object' || depth > 5) return err;
  if (secrets.every((s) => s.length < MIN_SECRET_LENGTH)) return err;
  const e = err as Record<string, unknown>;
  for (const key of ['message', 'stack', 'url'] as const) {
    if (typeof e[key] === 'string') {
      try {
        e[key] = redactText(e[key] as string, secrets);
      } catch {
        // A frozen or getter-only property: nothing we can do, and throwing here would hide the
        // original error.
      }
    }
  }
  if (e.details && typeof e.details === 'object') {
    try {
      e.details = redactValue(e.details, secrets, 0);
    } catch {
      // As above.
    }
  }
  if (e.cause !== undefined && e.cause !== err) redactError(e.cause, secrets, depth + 1);
  return err;
}
