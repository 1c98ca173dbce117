/**
 * Handlebars helpers of the templates. Each is a plain function, tested in `helpers.test.ts`
 * (create-plugin shipped swapped `lowerCase`/`upperCase` helpers because nothing tested them).
 * @module
 */
import type Handlebars from 'handlebars';

import { camelCase, pascalCase } from './naming';

/** The helpers by name. Handlebars passes an options object last; the helpers ignore it. */
export const HELPERS = {
  /** JSON of a value, indented 2 (`{{{json x}}}`). */
  json: (value: unknown) => JSON.stringify(value ?? null, null, 2),
  /** One-line JSON (`{{{jsonInline x}}}`). */
  jsonInline: (value: unknown) => JSON.stringify(value ?? null),
  /** A single-quoted TypeScript string literal. */
  tsString: (value: unknown) =>
    `'${String(value ?? '')
      .replace(/\\/g, '\\\\')
      .replace(/'/g, "\\'")
      .replace(/\n/g, '\\n')}'`,
  /** A YAML double-quoted string. */
  yamlString: (value: unknown) => JSON.stringify(String(value ?? '')),
  lowerCase: (value: unknown) => String(value ?? '').toLowerCase(),
  upperCase: (value: unknown) => String(value ?? '').toUpperCase(),
  pascalCase: (value: unknown) => pascalCase(String(value ?? '')),
  camelCase: (value: unknown) => camelCase(String(value ?? '')),
  /** Strict equality (`{{#if (eq kind "graphql")}}`). */
  eq: (a: unknown, b: unknown) => a === b,
  /** True when any argument is truthy. */
  or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  /** True when every argument is truthy. */
  and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
  not: (a: unknown) => !a,
  /** Joins its arguments as text (`{{tsString (concat "Connected to " name)}}`). */
  concat: (...args: unknown[]) =>
    args
      .slice(0, -1)
      .map((a) => String(a ?? ''))
      .join(''),
} as const;

/** Registers every helper on a Handlebars instance. */
export function registerHelpers(hb: typeof Handlebars): void {
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
}
