/**
 * `$ref` resolution across one or more files, lazily.
 *
 * Why our own resolver rather than swagger-parser's `dereference`: dereferencing rewrites the
 * whole document into one object graph — recursive schemas become cyclic JS objects (not
 * serializable, easy to walk forever) and a 1 MB spec is fully expanded even where nothing reads
 * it. Here a `$ref` is only followed when the reader needs that node, each target is identified by
 * `file#pointer` so recursion is detected by key, and a dangling `$ref` becomes a `SchemaError`
 * pointing at the line of the `$ref` in its file (swagger-parser reports no line).
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';

import { SchemaError, UnsupportedError, locateText } from './errors';
import { loadFile, type LoadedFile } from './load';

/** A node with the file it is in (relative `$ref`s inside it are relative to that file). */
export interface Located {
  node: unknown;
  file: string;
  /** `file#pointer` of the last `$ref` followed to reach the node, if any. */
  key?: string;
  /** Name of that target (last pointer segment, e.g. `Order`). */
  name?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `$ref` string of a node, if it is a reference object. */
export function refOf(node: unknown): string | undefined {
  return isObject(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

function unescapeToken(token: string): string {
  let t = token.replace(/~1/g, '/').replace(/~0/g, '~');
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded: keep as is
  }
  return t;
}

/** Resolves `$ref`s against the root file and any file it refers to, loading files on demand. */
export class RefResolver {
  private readonly files = new Map<string, LoadedFile>();

  constructor(readonly root: LoadedFile) {
    this.files.set(root.file, root);
  }

  /** A loaded file (loading and parsing it the first time). */
  load(file: string): LoadedFile {
    let f = this.files.get(file);
    if (!f) {
      f = loadFile(file);
      this.files.set(file, f);
    }
    return f;
  }

  private dangling(ref: string, from: string, problem: string, hint: string): SchemaError {
    const text = this.files.get(from)?.text ?? '';
    return new SchemaError(problem, { file: from, ...locateText(text, ref) }, hint);
  }

  /** Follows one `$ref` written in file `from`. */
  resolve(ref: string, from: string): Located {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
      throw new UnsupportedError(
        `remote $ref "${ref}" is not supported (save it next to the spec and refer to it by path)`,
      );
    }
    const hashAt = ref.indexOf('#');
    const filePart = hashAt >= 0 ? ref.slice(0, hashAt) : ref;
    const pointer = hashAt >= 0 ? ref.slice(hashAt + 1) : '';
    let target = from;
    if (filePart !== '') {
      target = resolvePath(dirname(from), decodeURIComponent(filePart));
      if (!this.files.has(target) && !existsSync(target)) {
        throw this.dangling(
          ref,
          from,
          `$ref "${ref}" points to a file that does not exist (${target})`,
          'fix the relative path of the $ref',
        );
      }
    }
    let node: unknown = this.load(target).data;
    const tokens =
      pointer === '' || pointer === '/' ? [] : pointer.replace(/^\//, '').split('/').map(unescapeToken);
    for (const token of tokens) {
      const next = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
      if (next === undefined) {
        throw this.dangling(
          ref,
          from,
          `$ref "${ref}" does not resolve: there is no "${token}" at that place${target !== from ? ` in ${target}` : ''}`,
          'check the spelling of the $ref, or add the missing definition',
        );
      }
      node = next;
    }
    return { node, file: target, key: `${target}#${pointer}`, name: tokens[tokens.length - 1] };
  }

  /** Follows `$ref`s until a non-reference node (a chain of refs that loops is an error). */
  deref(node: unknown, file: string): Located {
    let cur: Located = { node, file };
    const seen = new Set<string>();
    for (let ref = refOf(node); ref !== undefined; ref = refOf(cur.node)) {
      const next = this.resolve(ref, cur.file);
      if (seen.has(next.key!)) {
        throw this.dangling(
          ref,
          cur.file,
          `$ref "${ref}" refers to itself through a chain of $refs`,
          'point the $ref at a definition',
        );
      }
      seen.add(next.key!);
      cur = next;
    }
    return cur;
  }
}
