/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order at every depth, no whitespace,
 * `undefined` members dropped (as JSON.stringify does). Signatures are computed over these bytes,
 * so a document re-serialised by any tool (pretty-printed, keys reordered) still verifies.
 *
 * Throws a TypeError for values JSON cannot represent faithfully (NaN, Infinity, bigint,
 * functions) because silently turning them into `null` would sign something other than what
 * the caller holds.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '$');
}

function encode(value: unknown, where: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalJson: ${where} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? 'null' : encode(v, `${where}[${i}]`))).join(',')}]`;
      }
      const obj = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(obj).sort()) {
        if (obj[key] === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${encode(obj[key], `${where}.${key}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${where} is a ${typeof value}, which JSON cannot represent`);
  }
}
