/**
 * Renders the template layers into a map of package files. `templates/common/` is the base;
 * the kind's folder (`templates/openapi/`, …) overlays it (a file of the same name wins).
 * `templates/_partials/*.hbs` are Handlebars partials, never copied. A template that renders to
 * whitespace only is left out (how a layer drops a file for some kinds). Managed files get the
 * DO-NOT-EDIT banner; everything is then formatted with prettier so output is stable.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

import Handlebars from 'handlebars';

import { exportFileName, fillPath, isTemplate } from './file-names';
import { registerHelpers } from './helpers';
import { banner, ownerOf } from './ownership';
import type { TemplateData } from './template-data';

/** Prettier options of generated packages (also written to their `.prettierrc`). */
export const PRETTIER_OPTIONS = { singleQuote: true, printWidth: 110, trailingComma: 'all' } as const;

function walk(dir: string, root = dir, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, root, out);
    else out.push(relative(root, full).split('\\').join('/'));
  }
  return out;
}

/** Template sources by output path, later layers winning. */
export function collectTemplates(
  templatesDir: string,
  layers: string[],
  vars: Record<string, string>,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const layer of layers) {
    const dir = join(templatesDir, layer);
    for (const rel of walk(dir)) files.set(fillPath(exportFileName(rel), vars), join(dir, rel));
  }
  return files;
}

/**
 * Renders every file. Returns text files (string) and copied binaries (Buffer) by package path.
 */
export async function renderPackage(
  templatesDir: string,
  layers: string[],
  data: TemplateData,
): Promise<Map<string, string | Buffer>> {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partialsDir = join(templatesDir, '_partials');
  for (const rel of walk(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(
      basename(rel)
        .replace(/\.hbs$/, '')
        .replace(/\.[^.]+$/, ''),
      readFileSync(join(partialsDir, rel), 'utf8'),
    );
  }
  const out = new Map<string, string | Buffer>();
  const sources = collectTemplates(templatesDir, layers, { id: data.id });
  for (const [path, source] of [...sources].sort(([a], [b]) => a.localeCompare(b))) {
    if (!isTemplate(source)) {
      out.set(path, readFileSync(source));
      continue;
    }
    const text = hb.compile(readFileSync(source, 'utf8'), { noEscape: true, strict: false })(data);
    if (text.trim() === '') continue;
    out.set(path, await format(path, (ownerOf(path) === 'managed' ? banner(path) : '') + text));
  }
  return out;
}

/**
 * Files the generator writes already formatted: JSON.stringify's 2-space layout is exactly
 * prettier's `json-stringify` style (the package's .prettierrc selects it for these files), and
 * prettier needs seconds for the fixtures of a large spec.
 */
const PREFORMATTED = /(^|\/)test\/generated\/fixtures\.json$/;

/** Formats a file with prettier when prettier knows its type; other files are returned as they are. */
export async function format(path: string, text: string): Promise<string> {
  if (PREFORMATTED.test(path)) return text;
  if (!/\.(ts|tsx|js|mjs|cjs|json|ya?ml|md|graphql)$/.test(path) && !/(^|\/)\.prettierrc$/.test(path))
    return text;
  const prettier = await import('prettier');
  return prettier.format(text, {
    ...PRETTIER_OPTIONS,
    filepath: path.endsWith('.prettierrc') ? 'x.json' : path,
  });
}
