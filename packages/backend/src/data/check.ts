/**
 * Tiny structural checks shared by meta/config validation. Each returns an error phrase or
 * undefined, so callers can build one message that names the offending key.
 */
export type Check = (v: unknown) => string | undefined;

export const isStr: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
export const isBool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean');
export const isNum: Check = (v) =>
  typeof v === 'number' || typeof v === 'bigint' ? undefined : 'must be a number';
export const isNumOrNull: Check = (v) => (v === null ? undefined : isNum(v));
export const isObj: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object';
export const isAny: Check = () => undefined;

/** An integer in [min, max]. */
export function isIntIn(min: number, max: number): Check {
  return (v) => {
    const n = typeof v === 'bigint' ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max
      ? undefined
      : `must be an integer between ${min} and ${max}`;
  };
}

/** An array whose items all pass `item`. */
export function isArrayOf(item: Check): Check {
  return (v) => {
    if (!Array.isArray(v)) return 'must be an array';
    for (let i = 0; i < v.length; i++) {
      const e = item(v[i]);
      if (e) return `item ${i} ${e}`;
    }
    return undefined;
  };
}

/** Checks the listed keys of an object (other keys pass: Go's decoder ignores unknown keys). */
export function checkKeys(
  obj: Record<string, unknown>,
  checks: Record<string, Check>,
  path: string,
): string | undefined {
  for (const [k, check] of Object.entries(checks)) {
    const v = obj[k];
    if (v === undefined) continue;
    const e = check(v);
    if (e) return `${path}${k} ${e}`;
  }
  return undefined;
}

/** Returns an error phrase unless `v` is an object whose listed keys pass their checks. */
export function isShape(checks: Record<string, Check>, path = ''): Check {
  return (v) => isObj(v) ?? checkKeys(v as Record<string, unknown>, checks, path);
}
