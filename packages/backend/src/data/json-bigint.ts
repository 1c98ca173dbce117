/**
 * A small JSON parser/serialiser that keeps 64-bit integers exact.
 *
 * Why not `JSON.parse`/`JSON.stringify`: Grafana's frame JSON writes int64/uint64 values (and
 * time-adjacent numbers such as `9223372036854775807`) as plain JSON integer literals. `JSON.parse`
 * turns them into doubles and silently loses precision above 2^53, and `JSON.stringify` throws on
 * `bigint`. Node 20 has no `context.source` in revivers, so we tokenise numbers ourselves.
 *
 * Parsing rule: an integer literal that is not a safe integer becomes a `bigint`; every other
 * number is a `number`. Callers that know a column is int64 convert the safe ones to `bigint`.
 */
import { FrameError } from './errors';

/** Parses JSON text; integer literals outside ±(2^53-1) become `bigint`. */
export function parseJSONBig(text: string): unknown {
  const p = new Parser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail('unexpected trailing characters');
  return v;
}

class Parser {
  i = 0;
  constructor(readonly s: string) {}

  fail(what: string): never {
    throw new FrameError(`invalid JSON at offset ${this.i}: ${what}`);
  }

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.i);
  }

  value(): unknown {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(
          c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`,
        );
    }
  }

  literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.i)) this.fail(`expected ${word}`);
    this.i += word.length;
    return v;
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key');
      const k = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      this.ws();
      const v = this.value();
      // defineProperty so a "__proto__" key is data, not a prototype change.
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    let j = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(j);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        j += 2;
        continue;
      }
      if (c < 32) this.fail('control character in string');
      j++;
    }
    this.i = j + 1;
    if (!escaped) return s.slice(start + 1, j);
    try {
      return JSON.parse(s.slice(start, j + 1)) as string;
    } catch {
      return this.fail('bad escape in string');
    }
  }

  number(): number | bigint {
    const s = this.s;
    const start = this.i;
    let j = start;
    if (s[j] === '-') j++;
    let isInt = true;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c >= 48 && c <= 57) j++;
      else if (c === 46 || c === 101 || c === 69 || c === 43 || c === 45) {
        isInt = false;
        j++;
      } else break;
    }
    const tok = s.slice(start, j);
    this.i = j;
    const n = Number(tok);
    if (tok === '-' || tok === '' || Number.isNaN(n)) this.fail(`bad number ${JSON.stringify(tok)}`);
    if (isInt && !Number.isSafeInteger(n)) return BigInt(tok);
    return n;
  }
}

/**
 * Serialises like `JSON.stringify` (no indentation), but writes `bigint` as an integer literal,
 * non-finite numbers as `null` and negative zero as `-0` (as Go does). Honours `toJSON` (e.g. `Date`).
 */
export function stringifyJSONBig(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(v: unknown, out: string[]): boolean {
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return true;
    case 'number':
      // Go writes negative zero as -0; JSON.stringify would drop the sign.
      out.push(Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'null');
      return true;
    case 'bigint':
      out.push(v.toString());
      return true;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
  }
  if (v === null) {
    out.push('null');
    return true;
  }
  const obj = v as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return write(obj.toJSON(), out);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const arr = v as ArrayLike<unknown>;
    out.push('[');
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) out.push(',');
      if (!write(arr[i], out)) out.push('null');
    }
    out.push(']');
    return true;
  }
  out.push('{');
  let first = true;
  for (const k of Object.keys(v as object)) {
    const mark = out.length;
    out.push(first ? '' : ',', JSON.stringify(k), ':');
    if (write((v as Record<string, unknown>)[k], out)) first = false;
    else out.length = mark;
  }
  out.push('}');
  return true;
}
