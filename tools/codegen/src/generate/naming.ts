/**
 * Names derived from the user's input: plugin id, executable, identifiers in generated code.
 * @module
 */

/** Lower-case words of a name (`"Orders API"` → `["orders", "api"]`). */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** `acme-orders-datasource` from `--name "Orders"` and org `acme`: Grafana's `<org>-<name>-<type>`. */
export function defaultPluginId(name: string, org = 'dsforge'): string {
  const w = words(name).filter((x) => x !== 'datasource');
  return `${words(org).join('') || 'dsforge'}-${w.join('') || 'api'}-datasource`;
}

/**
 * Datasource plugin ids grafana.com's catalog accepts (`PLUGIN_ID_PATTERN` of plugin-json, which
 * `dsforge certify` enforces): `<org>-<name>-datasource` or `<org>-datasource`, each part lower-case
 * letters and digits — so `acme-billing-wrapper-datasource` (two name parts) is refused.
 */
export const PLUGIN_ID = /^[0-9a-z]+-([0-9a-z]+-)?datasource$/;

/** The rule {@link PLUGIN_ID} checks, for error messages. */
export const PLUGIN_ID_RULE =
  'a datasource id is <org>-<name>-datasource (or <org>-datasource): lower-case letters and digits, one dash between the parts';

/** A valid id close to `id` (`Acme-Billing_Wrapper` → `acme-billingwrapper-datasource`). */
export function suggestPluginId(id: string): string {
  const parts = words(id.replace(/(^|-)datasource$/i, ''));
  const org = parts[0] ?? 'dsforge';
  const name = parts.slice(1).join('');
  return name ? `${org}-${name}-datasource` : `${org}-datasource`;
}

/** `gpx_acme_orders_datasource`: the backend executable Grafana starts. */
export function executableName(id: string): string {
  return `gpx_${id.replace(/-/g, '_')}`;
}

/** `PascalCase` of any text, safe as a TypeScript identifier. */
export function pascalCase(text: string): string {
  const out = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(out) ? `Op${out}` : out || 'Op';
}

/** `camelCase` of any text. */
export function camelCase(text: string): string {
  const p = pascalCase(text);
  return p[0]!.toLowerCase() + p.slice(1);
}

/** A property key as written in TypeScript: bare when an identifier, else quoted. */
export function tsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}
