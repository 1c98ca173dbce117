/**
 * What to write when a plugin.json field is missing or malformed, keyed by the field's dotted path
 * (array indexes replaced by `[]`). Messages tell the user what to do, not only what is wrong.
 */
export const FIELD_HINTS: Record<string, string> = {
  id: 'use "<org>-<name>-<type>" in lowercase letters and digits, e.g. "acme-orders-datasource"',
  type: 'use "datasource" for a data source plugin',
  name: 'add the human-readable name Grafana shows for the plugin, e.g. "Orders API"',
  info: 'add an "info" object with version, updated, keywords and logos',
  'info.version':
    'use "%VERSION%" (dsforge build fills in package.json\'s version) or a SemVer version such as "1.2.3"',
  'info.updated': 'use "%TODAY%" (dsforge build fills in the build date) or a date such as "2026-01-31"',
  'info.keywords': 'add at least one search keyword, e.g. ["datasource"]',
  'info.logos': 'add {"small": "img/logo.svg", "large": "img/logo.svg"} and put an SVG at src/img/logo.svg',
  'info.logos.small': 'add the path of an SVG logo, e.g. "img/logo.svg"',
  'info.logos.large': 'add the path of an SVG logo, e.g. "img/logo.svg"',
  'info.links[].url': 'use an absolute URL such as "https://github.com/acme/orders-datasource"',
  'info.author.email': 'use an e-mail address such as "team@acme.example"',
  'info.author.url': 'use an absolute URL such as "https://acme.example"',
  dependencies: 'add {"grafanaDependency": ">=12.4.0", "plugins": []}',
  'dependencies.grafanaDependency':
    'add the Grafana versions the plugin supports as a semver range, e.g. ">=12.4.0"',
  'dependencies.plugins[].id': 'use the id of the plugin this one needs, e.g. "grafana-piechart-panel"',
  executable:
    'use the base name of the backend binaries without path or extension, e.g. "gpx_orders" (Grafana runs gpx_orders_linux_amd64)',
  'routes[].path': 'use a non-empty route path such as "api"',
  pascalName: 'use PascalCase letters only, e.g. "OrdersApi"',
  'extensions.addedLinks[].title': 'use a title of at least 10 characters that says what the link does',
  'extensions.addedComponents[].title':
    'use a title of at least 10 characters that says what the component does',
  'extensions.addedFunctions[].title':
    'use a title of at least 10 characters that says what the function does',
  languages: 'use locale identifiers such as "en-US" or "de-DE"',
};

/** The hint for a dotted path such as `routes[2].path` (looked up as `routes[].path`). */
export function hintFor(path: string): string | undefined {
  return FIELD_HINTS[path.replace(/\[\d+\]/g, '[]')];
}

/** Levenshtein distance, for "did you mean" on misspelt field names. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known name closest to `name` when it is a likely misspelling (case or ≤ 2 edits). */
export function closestField(name: string, known: readonly string[]): string | undefined {
  let best: { field: string; d: number } | undefined;
  for (const field of known) {
    const d = field.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, field);
    if (!best || d < best.d) best = { field, d };
  }
  return best && best.d <= Math.min(2, Math.floor(name.length / 3)) ? best.field : undefined;
}
