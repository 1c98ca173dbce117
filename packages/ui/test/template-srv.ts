import type { ScopedVars } from '@grafana/data';

/** Dashboard variables the fake template service knows (scoped variables take precedence). */
export const dashboardVariables: Record<string, string> = { status: 'paid', region: 'eu', shop: 'berlin' };

/**
 * Grafana's `$name` / `${name}` replacement, enough to see what went through it: unknown
 * variables stay as written, as in Grafana.
 */
export function fakeReplace(text = '', scopedVars?: ScopedVars): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare)!;
    const scoped = scopedVars?.[name]?.value;
    if (scoped !== undefined) return String(scoped);
    return dashboardVariables[name] ?? whole;
  });
}
