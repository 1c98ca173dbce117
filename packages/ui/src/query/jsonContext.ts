/**
 * Where a cursor sits in partial JSON text: inside which keys, whether a key or a value is being
 * typed, and the partial word before the cursor. A tolerant scanner, because code-mode text is
 * mostly incomplete while the user types.
 * @module
 */

/** The JSON position at a cursor. */
export interface JsonCursorContext {
  /** Keys and array indexes from the root to the container at the cursor. */
  path: Array<string | number>;
  /** What is being typed: an object key, a value, or nothing completable (after a value, say). */
  role: 'key' | 'value' | 'none';
  /** For a value inside an object: the key it belongs to. */
  key?: string;
  /** For a value inside an array: its index. */
  index?: number;
  /** True when the cursor is inside a string literal. */
  inString: boolean;
  /** The text typed so far of the current key/value (without the opening quote). */
  partial: string;
  /** Offset where the current token starts (its opening quote when in a string). */
  tokenStart: number;
  /** Offset where the current token ends: after its closing quote, or the cursor. */
  tokenEnd: number;
}

interface Frame {
  kind: 'object' | 'array';
  /** This container's key or index in its parent (undefined for the root). */
  at?: string | number;
  expect: 'key' | 'colon' | 'value' | 'comma';
  /** The object's key waiting for its value. */
  key?: string;
  index: number;
}

const LITERAL = /[A-Za-z0-9_.+-]/;

/** Scans `text` up to `cursor` and describes the JSON position there. */
export function jsonContextAt(text: string, cursor: number): JsonCursorContext {
  const stack: Frame[] = [];
  const end = Math.max(0, Math.min(cursor, text.length));
  let i = 0;
  let str: { start: number; value: string } | undefined;
  let literalStart = -1;
  const top = (): Frame | undefined => stack[stack.length - 1];
  const childAt = (): string | number | undefined => {
    const t = top();
    if (!t) return undefined;
    return t.kind === 'object' ? t.key : t.index;
  };
  const valueDone = () => {
    const t = top();
    if (t) t.expect = 'comma';
  };
  while (i < end) {
    const c = text[i] as string;
    if (str) {
      if (c === '\\') {
        str.value += text[i + 1] ?? '';
        i += 2;
        continue;
      }
      if (c === '"') {
        const t = top();
        if (t?.kind === 'object' && t.expect === 'key') {
          t.key = str.value;
          t.expect = 'colon';
        } else valueDone();
        str = undefined;
      } else str.value += c;
      i++;
      continue;
    }
    if (literalStart >= 0 && !LITERAL.test(c)) {
      literalStart = -1;
      valueDone();
    }
    if (c === '"') str = { start: i, value: '' };
    else if (c === '{' || c === '[') {
      const at = childAt();
      stack.push({ kind: c === '{' ? 'object' : 'array', at, expect: c === '{' ? 'key' : 'value', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
      valueDone();
    } else if (c === ':') {
      const t = top();
      if (t) t.expect = 'value';
    } else if (c === ',') {
      const t = top();
      if (t?.kind === 'object') {
        t.expect = 'key';
        t.key = undefined;
      } else if (t) {
        t.expect = 'value';
        t.index++;
      }
    } else if (LITERAL.test(c) && literalStart < 0) literalStart = i;
    i++;
  }
  const path = stack.slice(1).map((f) => f.at as string | number);
  const t = top();
  const inString = str !== undefined;
  let role: JsonCursorContext['role'] = 'none';
  if (t?.kind === 'object' && t.expect === 'key') role = 'key';
  else if (t && t.expect === 'value') role = 'value';
  else if (t && literalStart >= 0) role = 'value';
  else if (inString && t?.kind === 'array') role = 'value';
  const tokenStart = str ? str.start : literalStart >= 0 ? literalStart : end;
  let tokenEnd = end;
  if (str) {
    // Replace through the closing quote when there is one on the same line, so accepting a
    // suggestion inside "par|tial" does not leave the old tail behind.
    const close = text.indexOf('"', end);
    const nl = text.indexOf('\n', end);
    if (close >= 0 && (nl < 0 || close < nl)) tokenEnd = close + 1;
  } else if (literalStart >= 0) {
    while (tokenEnd < text.length && LITERAL.test(text[tokenEnd] as string)) tokenEnd++;
  }
  const partial = str ? str.value : literalStart >= 0 ? text.slice(literalStart, end) : '';
  const ctx: JsonCursorContext = { path, role, inString, partial, tokenStart, tokenEnd };
  if (t?.kind === 'object' && role === 'value' && t.key !== undefined) ctx.key = t.key;
  if (t?.kind === 'array' && role === 'value') ctx.index = t.index;
  return ctx;
}
