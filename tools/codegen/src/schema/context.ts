/**
 * State shared while reading one OpenAPI document.
 * @module
 */
import type { SchemaConverter } from './json-schema';
import type { RefResolver } from './refs';

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

/** True for a plain (non-array) object. */
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything operation readers need about the document being read. */
export interface OpenApiContext {
  refs: RefResolver;
  schemas: SchemaConverter;
  /** `2.0`, `3.0` or `3.1` (major.minor only). */
  version: '2.0' | '3.0' | '3.1';
  root: Obj;
  /** Swagger 2 document-level `consumes`/`produces`. */
  consumes: string[];
  produces: string[];
  /** Scheme names of the document-level `security`. */
  security: string[];
}

/** Follows `$ref`s of a node in `file`, returning the object found (or `{}`) and its file. */
export function derefObj(ctx: OpenApiContext, node: unknown, file: string): { node: Obj; file: string } {
  const r = ctx.refs.deref(node, file);
  return { node: isObj(r.node) ? r.node : {}, file: r.file };
}

/** Scheme names from a `security` requirement list (`[]` → none; `{}` → anonymous allowed). */
export function securityNames(security: unknown): string[] {
  if (!Array.isArray(security)) return [];
  return [...new Set(security.flatMap((req) => (isObj(req) ? Object.keys(req) : [])))];
}

/** Preference order of content types: JSON first, then text forms the kit can parse. */
export function pickContentType(types: string[]): string | undefined {
  const score = (t: string): number => {
    const l = t.toLowerCase();
    if (l.startsWith('application/json')) return 0;
    if (/\+json\b|\/json\b/.test(l)) return 1;
    if (l.startsWith('application/x-www-form-urlencoded')) return 2;
    if (l.startsWith('text/csv')) return 3;
    if (l.startsWith('text/')) return 4;
    if (l === '*/*') return 5;
    return 6;
  };
  return [...types].sort((a, b) => score(a) - score(b))[0];
}

/** True when the generated plugin can send or read this content type without custom code. */
export function isUsableContentType(t: string): boolean {
  const l = t.toLowerCase();
  return (
    /json/.test(l) ||
    l.startsWith('text/') ||
    l.startsWith('application/x-www-form-urlencoded') ||
    l === '*/*' ||
    /vnd\.flux|sql|csv|xml/.test(l)
  );
}
