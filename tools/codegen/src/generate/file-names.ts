/**
 * Template file names to the names they are written under. Some files are stored under safe
 * names because tooling would misread them in the template folder: `_package.json` (pnpm would
 * take the template for a workspace package), `gitignore` and `npmrc` (npm and pnpm packing drop
 * dot files such as `.gitignore`), `_eslint.config.mjs` (ESLint would load it for the
 * templates). A `.hbs` suffix marks a Handlebars template and is stripped.
 * @module
 */

const RENAMES: Record<string, string> = {
  '_package.json': 'package.json',
  gitignore: '.gitignore',
  npmrc: '.npmrc',
  prettierrc: '.prettierrc',
  prettierignore: '.prettierignore',
  '_eslint.config.mjs': 'eslint.config.mjs',
  '_jest.config.js': 'jest.config.js',
  '_tsconfig.json': 'tsconfig.json',
};

/** `dir/_package.json.hbs` → `dir/package.json`; `.config/gitignore` → `.config/.gitignore`. */
export function exportFileName(templatePath: string): string {
  const parts = templatePath.split('/');
  let last = parts.pop()!;
  if (last.endsWith('.hbs')) last = last.slice(0, -4);
  last = RENAMES[last] ?? last;
  return [...parts, last].join('/');
}

/** True for files rendered with Handlebars (the rest are copied byte for byte). */
export function isTemplate(templatePath: string): boolean {
  return templatePath.endsWith('.hbs');
}

/** Path segments with `__id__` placeholders replaced (e.g. `provisioning/datasources/__id__.yaml`). */
export function fillPath(path: string, vars: Record<string, string>): string {
  return path.replace(/__([a-zA-Z]+)__/g, (m, k: string) => vars[k] ?? m);
}
