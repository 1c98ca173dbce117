/**
 * A small JSON-path subset for picking the part of a response that holds the rows:
 * `$.data.items`, `data.items`, `$.results[0].series`, `$['odd key'].x`, `$.data[*].values`
 * (`*` maps over an array or object's values and flattens one level, so rows from several
 * groups join into one list). No filters or recursive descent: a root selector needs neither,
 * and a full JSONPath engine would be one more dependency to audit.
 * @module
 */
import { dataError } from './data-error';

type Segment = { key: string } | { index: number } | { wildcard: true };

/** Parses a path; throws a TypeError naming the position of a syntax error. */
export function parseJsonPath(path: string): Segment[] {
  const segs: Segment[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  const fail = (why: string): never => {
    throw new TypeError(`invalid root path ${JSON.stringify(path)} at offset ${i}: ${why}`);
  };
  if (i === 0 && path !== '' && path[0] !== '.' && path[0] !== '[') path = `.${path}`;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!m) fail('expected a name after "."');
      const name = m![0];
      segs.push(name === '*' ? { wildcard: true } : { key: name });
      i += 1 + name.length;
    } else if (c === '[') {
      const rest = path.slice(i);
      const m = /^\[(?:(\d+)|\*|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
      if (!m) fail("expected [n], [*] or ['name']");
      if (m![1] !== undefined) segs.push({ index: Number(m![1]) });
      else if (m![2] !== undefined || m![3] !== undefined)
        segs.push({ key: (m![2] ?? m![3]!).replace(/\\(.)/g, '$1') });
      else segs.push({ wildcard: true });
      i += m![0].length;
    } else {
      fail(`unexpected ${JSON.stringify(c)}`);
    }
  }
  return segs;
}

function show(seg: Segment): string {
  return 'key' in seg ? `.${seg.key}` : 'index' in seg ? `[${seg.index}]` : '[*]';
}

/**
 * Selects `path` in `value`. An empty path or `$` returns the value itself. Throws a
 * `bad_response` DsError naming the first segment that is missing (with the keys that exist) —
 * a missing root means the upstream answered with a shape the query did not expect, and an empty
 * panel would hide that.
 */
export function selectJsonPath(value: unknown, path: string | undefined): unknown {
  if (path === undefined || path === '' || path === '$') return value;
  const segs = parseJsonPath(path);
  let current: unknown[] = [value];
  let spread = false; // after a wildcard, `current` is a list of matches
  let walked = '$';
  for (const seg of segs) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('wildcard' in seg) {
        if (Array.isArray(v)) next.push(...v);
        else if (v !== null && typeof v === 'object') next.push(...Object.values(v));
        else if (!spread) throw missing(path, walked, seg, v);
      } else if ('index' in seg) {
        if (Array.isArray(v) && seg.index < v.length) next.push(v[seg.index]);
        else if (!spread) throw missing(path, walked, seg, v);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, seg.key)) {
        next.push((v as Record<string, unknown>)[seg.key]);
      } else if (!spread) throw missing(path, walked, seg, v);
    }
    if ('wildcard' in seg) spread = true;
    current = next;
    walked += show(seg);
  }
  if (!spread) return current[0];
  // Flatten one level so `$.groups[*].rows` gives one list of rows.
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function missing(path: string, walked: string, seg: Segment, v: unknown): Error {
  const where = walked === '$' ? 'the response' : `"${walked}"`;
  let has: string;
  if (Array.isArray(v)) has = `an array of ${v.length}`;
  else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    has = `an object with keys ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', ...' : ''}`;
    if (keys.length === 0) has = 'an empty object';
  } else has = v === null ? 'null' : `a ${typeof v}`;
  return dataError(
    `The root path ${JSON.stringify(path)} is not in the response: ${where} is ${has}, with no ${show(seg)}.`,
    { rootPath: path, missingAt: walked + show(seg) },
  );
}
