/**
 * A readable difference between two golden texts: which frame, which field, which rows — not a
 * wall of JSON. Falls back to the first differing lines when the structures look equal (e.g. an
 * int64 digit beyond double precision).
 * @module
 */

type Json = Record<string, unknown>;

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 80 ? `${s.slice(0, 80)}…` : s;
};

/** Up to `max` lines describing how `actual` differs from `expected` (golden) frames. */
export function describeFrameDiff(expected: unknown, actual: unknown, max = 20): string[] {
  const out: string[] = [];
  const push = (line: string) => {
    if (out.length < max) out.push(line);
    else if (out.length === max) out.push('… (more differences)');
  };
  const exp = Array.isArray(expected) ? (expected as Json[]) : [];
  const act = Array.isArray(actual) ? (actual as Json[]) : [];
  if (exp.length !== act.length) push(`frame count: expected ${exp.length}, got ${act.length}`);
  for (let i = 0; i < Math.min(exp.length, act.length); i++) {
    const es = (exp[i]!.schema ?? {}) as Json;
    const as = (act[i]!.schema ?? {}) as Json;
    const where = `frame ${i}${es.name ? ` (${String(es.name)})` : ''}`;
    for (const k of ['name', 'refId']) {
      if (JSON.stringify(es[k]) !== JSON.stringify(as[k]))
        push(`${where} ${k}: expected ${show(es[k])}, got ${show(as[k])}`);
    }
    const em = (es.meta ?? {}) as Json;
    const am = (as.meta ?? {}) as Json;
    for (const k of [...new Set([...Object.keys(em), ...Object.keys(am)])]) {
      if (JSON.stringify(em[k]) !== JSON.stringify(am[k]))
        push(`${where} meta.${k}: expected ${show(em[k])}, got ${show(am[k])}`);
    }
    const ef = (es.fields ?? []) as Json[];
    const af = (as.fields ?? []) as Json[];
    const names = (fs: Json[]) => fs.map((f) => String(f.name ?? ''));
    if (JSON.stringify(names(ef)) !== JSON.stringify(names(af)))
      push(`${where} fields: expected [${names(ef).join(', ')}], got [${names(af).join(', ')}]`);
    const ev = ((exp[i]!.data as Json | undefined)?.values ?? []) as unknown[][];
    const av = ((act[i]!.data as Json | undefined)?.values ?? []) as unknown[][];
    for (let j = 0; j < Math.min(ef.length, af.length); j++) {
      const field = `${where} field "${String(ef[j]!.name ?? j)}"`;
      for (const k of ['type', 'typeInfo', 'labels', 'config']) {
        if (JSON.stringify(ef[j]![k]) !== JSON.stringify(af[j]![k]))
          push(`${field} ${k}: expected ${show(ef[j]![k])}, got ${show(af[j]![k])}`);
      }
      const e = ev[j] ?? [];
      const a = av[j] ?? [];
      if (e.length !== a.length) push(`${field} rows: expected ${e.length}, got ${a.length}`);
      for (let r = 0; r < Math.min(e.length, a.length); r++) {
        if (JSON.stringify(e[r]) !== JSON.stringify(a[r]))
          push(`${field} row ${r}: expected ${show(e[r])}, got ${show(a[r])}`);
      }
    }
  }
  return out;
}

/** The first differing line of two texts with its line number. */
export function firstLineDiff(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i])
      return `line ${i + 1}:\n  - ${e[i] ?? '(end of file)'}\n  + ${a[i] ?? '(end of file)'}`;
  }
  return 'no difference';
}
