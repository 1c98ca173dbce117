/**
 * Turning log fields into JSON-safe values for one hclog line.
 *
 * Everything here must be total: logging never throws, whatever a handler passes as a field
 * (circular objects, bigints, Errors with getters that throw, huge buffers).
 */
import { isSensitiveKey, REDACTED, type ValueRedactor } from './redact';

/** Longest string value written; go-plugin's host splits lines over 64 KiB into garbage. */
export const MAX_STRING_LENGTH = 16 * 1024;
/** Deepest nesting written; deeper values become a placeholder. */
export const MAX_DEPTH = 8;
/** Stack frames kept when an Error is logged. */
export const MAX_STACK_FRAMES = 8;

/**
 * hclog's `TimeFormatJSON` (`2006-01-02T15:04:05.000000Z07:00`): UTC, exactly six fractional
 * digits. go-plugin treats a line whose timestamp does not parse as plain text.
 */
export function formatTimestamp(date: Date): string {
  let iso: string;
  try {
    iso = date.toISOString();
  } catch {
    iso = new Date().toISOString(); // invalid Date from an injected clock
  }
  // toISOString is always `YYYY-MM-DDTHH:mm:ss.sssZ` for years 0..9999: pad ms to µs.
  return iso.length === 24 ? `${iso.slice(0, 23)}000Z` : iso.replace(/\.(\d{3})Z$/, '.$1000Z');
}

function truncate(text: string): string {
  return text.length > MAX_STRING_LENGTH
    ? `${text.slice(0, MAX_STRING_LENGTH)}…(${text.length - MAX_STRING_LENGTH} more chars)`
    : text;
}

/** A string ready for the line: truncated and with known secrets replaced. */
export function safeString(text: string, redact: ValueRedactor): string {
  return truncate(redact(text));
}

function errorToObject(
  err: Error,
  redact: ValueRedactor,
  depth: number,
  seen: Set<object>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  out.name = safeString(String(err.name ?? 'Error'), redact);
  out.message = safeString(String(err.message ?? '').trim(), redact);
  // Own enumerable props such as `code`, `status`, `source` help diagnose; values stay strings.
  for (const key of Object.keys(err)) {
    if (key === 'name' || key === 'message' || key === 'stack' || key === 'cause') continue;
    const v = toLogValue((err as unknown as Record<string, unknown>)[key], redact, depth + 1, seen, key);
    if (v !== undefined) out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  if (typeof err.stack === 'string') {
    // Frames only (the first stack line repeats the message), trimmed to the innermost few.
    const frames = err.stack
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, MAX_STACK_FRAMES)
      .map((l) => l.trim());
    if (frames.length > 0) out.stack = safeString(frames.join('\n'), redact);
  }
  if (err.cause !== undefined) {
    const cause = toLogValue(err.cause, redact, depth + 1, seen, 'cause');
    if (cause !== undefined) out.cause = typeof cause === 'string' ? cause : JSON.stringify(cause);
  }
  return out;
}

/**
 * Converts an arbitrary value to a JSON-safe value: bigint → string, Error → `{name, message,
 * stack, ...}` (string values), Date → ISO string, bytes → `[N bytes]`, circular refs →
 * `[circular]`, sensitive keys → `[redacted]`, known secrets in strings → `[redacted]`.
 * Returns `undefined` for values that should be omitted (undefined).
 */
export function toLogValue(
  value: unknown,
  redact: ValueRedactor,
  depth = 0,
  seen: Set<object> = new Set(),
  key?: string,
): unknown {
  if (key !== undefined && isSensitiveKey(key)) return REDACTED;
  switch (typeof value) {
    case 'string':
      return safeString(value, redact);
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(obj);
  try {
    if (obj instanceof Error) return errorToObject(obj, redact, depth, seen);
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (ArrayBuffer.isView(obj)) return `[${obj.byteLength} bytes]`;
    if (obj instanceof ArrayBuffer) return `[${obj.byteLength} bytes]`;
    if (Array.isArray(obj)) return obj.map((v) => toLogValue(v, redact, depth + 1, seen) ?? null);
    if (obj instanceof Set) return [...obj].map((v) => toLogValue(v, redact, depth + 1, seen) ?? null);
    if (obj instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of obj) {
        const lv = toLogValue(v, redact, depth + 1, seen, String(k));
        if (lv !== undefined) out[safeString(String(k), redact)] = lv;
      }
      return out;
    }
    // Objects that define their own JSON form (settings, URL, …) are logged in that form, which
    // is how DataSourceSettings keeps its secrets out.
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      return toLogValue(toJSON.call(obj), redact, depth + 1, seen);
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj)) {
      const lv = toLogValue((obj as Record<string, unknown>)[k], redact, depth + 1, seen, k);
      if (lv !== undefined) out[safeString(k, redact)] = lv;
    }
    return out;
  } catch (err) {
    // A throwing getter or toJSON must not lose the whole line.
    return `[unloggable: ${err instanceof Error ? safeString(err.message, redact) : 'error'}]`;
  } finally {
    seen.delete(obj);
  }
}
