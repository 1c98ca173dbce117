/**
 * OpenAPI schema objects (2.0, 3.0, 3.1) to `JsonSchemaLite`: `$ref`s resolved with recursion cut,
 * `allOf` merged, the three spellings of "nullable" unified. See `JsonSchemaLite` for the rules.
 * @module
 */
import { basename, extname } from 'node:path';

import type { JsonSchemaLite, JsonType } from './model';
import { refOf, type RefResolver } from './refs';

const TYPES = new Set<string>(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const COPY = [
  'format',
  'description',
  'title',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'readOnly',
  'writeOnly',
  'deprecated',
] as const;
const IGNORED = [
  'not',
  'if',
  'patternProperties',
  'dependentSchemas',
  'prefixItems',
  'unevaluatedProperties',
];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Name a resolved target is known by: a component/definition name, or a whole file's base name. */
function componentName(key: string): string | undefined {
  const [file, pointer = ''] = key.split('#');
  const m = /\/(?:schemas|definitions)\/([^/]+)$/.exec(pointer);
  if (m) return m[1]!.replace(/~1/g, '/').replace(/~0/g, '~');
  if (pointer === '' || pointer === '/') return basename(file!, extname(file!));
  return undefined;
}

/** Merges `src` into `dst`: properties and `required` united, other keys kept where `dst` has them. */
function mergeInto(dst: JsonSchemaLite, src: JsonSchemaLite, override: boolean): void {
  for (const [k, v] of Object.entries(src) as [keyof JsonSchemaLite, unknown][]) {
    if (v === undefined || k === 'ref' || k === 'circular') continue;
    if (k === 'properties') dst.properties = { ...dst.properties, ...(v as Record<string, JsonSchemaLite>) };
    else if (k === 'required') dst.required = [...new Set([...(dst.required ?? []), ...(v as string[])])];
    else if (override || dst[k] === undefined) (dst as Obj)[k] = v;
  }
}

/**
 * Converts schema objects, remembering each `$ref` target's result so a component used by 100
 * operations is converted once (the model shares the object; JSON output repeats it).
 */
export class SchemaConverter {
  private readonly memo = new Map<string, JsonSchemaLite>();
  private readonly expanding = new Set<string>();
  /** Notes about ignored constructs since the last `takeNotes()`. */
  private notes: string[] = [];

  constructor(private readonly refs: RefResolver) {}

  /** Returns and clears the notes collected while converting. */
  takeNotes(): string[] {
    const n = [...new Set(this.notes)];
    this.notes = [];
    return n;
  }

  /** Converts the schema `node` found in `file`. */
  convert(node: unknown, file: string): JsonSchemaLite {
    const ref = refOf(node);
    if (ref === undefined) return this.convertObject(node, file);
    const target = this.refs.deref(node, file);
    const key = target.key!;
    const name = componentName(key);
    let out: JsonSchemaLite;
    if (this.expanding.has(key)) {
      out = { ref: name ?? ref, circular: true };
    } else if (this.memo.has(key)) {
      out = this.memo.get(key)!;
    } else {
      this.expanding.add(key);
      try {
        out = this.convertObject(target.node, target.file);
      } finally {
        this.expanding.delete(key);
      }
      if (name !== undefined && out.ref === undefined) out = { ...out, ref: name };
      this.memo.set(key, out);
    }
    // 3.1 allows siblings next to $ref (description, nullable…): they win over the target's.
    const siblings = Object.keys(node as Obj).filter((k) => k !== '$ref');
    if (siblings.length === 0) return out;
    const own = this.convertObject(Object.fromEntries(siblings.map((k) => [k, (node as Obj)[k]])), file);
    const merged: JsonSchemaLite = { ...out };
    mergeInto(merged, own, true);
    return merged;
  }

  private convertObject(node: unknown, file: string): JsonSchemaLite {
    if (!isObj(node)) return {}; // `true` / `{}` / garbage: anything goes
    const out: JsonSchemaLite = {};
    this.setType(out, node.type);
    if (node.nullable === true || node['x-nullable'] === true) out.nullable = true;
    for (const k of COPY) if (node[k] !== undefined) (out as Obj)[k] = node[k];
    if (Array.isArray(node.enum)) {
      if (node.enum.includes(null)) out.nullable = true;
      out.enum = node.enum.filter((v) => v !== null);
    }
    if (node.const !== undefined) out.enum = [node.const];
    if (node.example !== undefined) out.example = node.example;
    else if (Array.isArray(node.examples) && node.examples.length > 0) out.example = node.examples[0];
    if (isObj(node.properties)) {
      out.properties = {};
      for (const [k, v] of Object.entries(node.properties)) out.properties[k] = this.convert(v, file);
    }
    if (Array.isArray(node.required)) out.required = node.required.filter((r) => typeof r === 'string');
    if (isObj(node.items)) out.items = this.convert(node.items, file);
    else if (Array.isArray(node.items))
      this.notes.push('tuple `items` (an array of schemas) is read as "any item"');
    if (typeof node.additionalProperties === 'boolean') out.additionalProperties = node.additionalProperties;
    else if (isObj(node.additionalProperties))
      out.additionalProperties = this.convert(node.additionalProperties, file);
    if (isObj(node.discriminator) && typeof node.discriminator.propertyName === 'string') {
      out.discriminator = node.discriminator.propertyName;
    }
    for (const k of IGNORED) if (node[k] !== undefined) this.notes.push(`schema keyword "${k}" is ignored`);
    if (Array.isArray(node.allOf)) this.mergeAllOf(out, node.allOf, file);
    for (const k of ['oneOf', 'anyOf'] as const)
      if (Array.isArray(node[k])) this.union(out, k, node[k], file);
    if (out.type === undefined && out.enum && out.enum.length > 0) {
      // `const: x` / `enum` without a type: the values say it (all strings → string, …).
      const kinds = new Set(out.enum.map((v) => typeof v));
      const only = kinds.size === 1 ? [...kinds][0] : undefined;
      if (only === 'string' || only === 'boolean') out.type = only;
      else if (only === 'number')
        out.type = out.enum.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
    }
    if (out.type === undefined && out.properties) out.type = 'object';
    if (out.type === undefined && out.items) out.type = 'array';
    return out;
  }

  private setType(out: JsonSchemaLite, type: unknown): void {
    const list = (Array.isArray(type) ? type : type === undefined ? [] : [type]).map(String);
    if (list.includes('file')) {
      // Swagger 2 `type: file`: an upload, i.e. binary content.
      out.type = 'string';
      out.format = 'binary';
      return;
    }
    const known = list.filter((t) => TYPES.has(t)) as JsonType[];
    for (const t of list) if (!TYPES.has(t)) this.notes.push(`unknown schema type "${t}" is ignored`);
    const nonNull = known.filter((t) => t !== 'null');
    if (nonNull.length < known.length && nonNull.length > 0) out.nullable = true;
    if (known.length === 1 && nonNull.length === 0) out.type = 'null';
    else if (nonNull.length === 1) out.type = nonNull[0];
    else if (nonNull.length > 1) out.anyOf = nonNull.map((t) => ({ type: t }));
  }

  private mergeAllOf(out: JsonSchemaLite, parts: unknown[], file: string): void {
    const converted = parts.map((part) => this.convert(part, file));
    const merged: JsonSchemaLite = {};
    for (const p of converted) {
      if (p.circular && converted.length === 1) {
        // `allOf: [$ref: Self]` (+ nullable/description) is how 3.0 decorates a reference:
        // a recursive one stays a reference.
        merged.ref = p.ref;
        merged.circular = true;
      } else if (p.circular) {
        this.notes.push(
          `allOf part "${p.ref}" refers back to a schema being expanded; its properties are not merged again`,
        );
      } else {
        mergeInto(merged, p, false);
        if (converted.length === 1 && p.ref) merged.ref = p.ref;
      }
    }
    mergeInto(merged, out, true);
    for (const k of Object.keys(out) as (keyof JsonSchemaLite)[]) delete out[k];
    Object.assign(out, merged);
  }

  private union(out: JsonSchemaLite, key: 'oneOf' | 'anyOf', variants: unknown[], file: string): void {
    const converted = variants.map((v) => this.convert(v, file));
    const nonNull = converted.filter((v) => v.type !== 'null');
    if (nonNull.length < converted.length) out.nullable = true;
    if (nonNull.length === 1 && !out.properties && out.type === undefined) {
      // `oneOf: [X, {type: null}]` is the 3.1 way to write "nullable X".
      const only = nonNull[0]!;
      mergeInto(out, only, false);
      if (only.ref) out.ref = only.ref;
      if (only.circular) out.circular = true;
      return;
    }
    if (nonNull.length > 0) out[key] = [...(out[key] ?? []), ...nonNull];
  }
}
