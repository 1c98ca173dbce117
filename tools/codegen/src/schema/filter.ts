/**
 * `--include`/`--exclude` by operationId, with globs.
 * @module
 */
import type { ApiModel } from './model';

/** Patterns for {@link filterOperations}: operation ids, `*` and `?` allowed. */
export interface OperationFilter {
  include?: string[];
  exclude?: string[];
}

/** A glob (`*` any run, `?` one character) as an anchored regular expression; case-sensitive like ids. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * Keeps the operations whose id matches an `include` pattern (all when none given) and no
 * `exclude` pattern. Returns a new model; a pattern that matches nothing adds a warning, so a
 * typo in `--include` does not silently produce an empty plugin.
 */
export function filterOperations(model: ApiModel, filter: OperationFilter): ApiModel {
  const include = (filter.include ?? []).filter(Boolean);
  const exclude = (filter.exclude ?? []).filter(Boolean);
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  const warnings = [...model.warnings];
  for (const [list, res, flag] of [
    [include, inc, '--include'],
    [exclude, exc, '--exclude'],
  ] as const) {
    res.forEach((re, i) => {
      if (!model.operations.some((op) => re.test(op.id)))
        warnings.push(`${flag} "${list[i]}" matches no operation`);
    });
  }
  const operations = model.operations.filter(
    (op) => (inc.length === 0 || inc.some((re) => re.test(op.id))) && !exc.some((re) => re.test(op.id)),
  );
  return { ...model, operations, warnings };
}
