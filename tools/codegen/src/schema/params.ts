/**
 * Operation parameters and request bodies, OpenAPI 2.0 and 3.x.
 * @module
 */
import { UnsupportedError } from './errors';
import {
  derefObj,
  isObj,
  isUsableContentType,
  pickContentType,
  type Obj,
  type OpenApiContext,
} from './context';
import type { JsonSchemaLite, Param, RequestBody } from './model';

/** Header parameters OpenAPI says to ignore: the generated client sets them itself. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

const COLLECTION_FORMATS: Record<string, { style: string; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  multi: { style: 'form', explode: true },
  ssv: { style: 'spaceDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
};

/** A parameter with the file it was read from (for relative `$ref`s inside it). */
interface RawParam {
  node: Obj;
  file: string;
}

/** Result of reading an operation's parameters and body. */
export interface ParamsResult {
  params: Param[];
  body?: RequestBody;
  notes: string[];
}

/** Flattens a parameter schema into the form-friendly fields of `Param`. */
export function toParam(
  name: string,
  where: Param['in'],
  required: boolean,
  schema: JsonSchemaLite,
  raw: Obj = {},
): Param {
  const p: Param = { name, in: where, required, schema };
  if (schema.type) p.type = schema.type;
  if (schema.format) p.format = schema.format;
  if (schema.enum) p.enum = schema.enum;
  if (schema.default !== undefined) p.default = schema.default;
  if (schema.nullable) p.nullable = true;
  if (schema.items) p.items = schema.items;
  const description = typeof raw.description === 'string' ? raw.description : schema.description;
  if (description) p.description = description;
  const example = raw.example ?? schema.example;
  if (example !== undefined) p.example = example;
  if (raw.deprecated === true) p.deprecated = true;
  if (typeof raw.style === 'string') p.style = raw.style;
  if (typeof raw.explode === 'boolean') p.explode = raw.explode;
  // Swagger 2 array serialization, in OpenAPI 3 terms.
  const cf = COLLECTION_FORMATS[String(raw.collectionFormat)];
  if (cf) Object.assign(p, cf);
  return p;
}

function list(ctx: OpenApiContext, v: unknown, file: string): RawParam[] {
  return Array.isArray(v) ? v.map((p) => derefObj(ctx, p, file)) : [];
}

/** Swagger 2 non-body parameters keep their schema on the parameter itself. */
function schema2(p: Obj): Obj {
  const { name: _n, in: _i, required: _r, description: _d, collectionFormat: _c, ...rest } = p;
  return rest;
}

/**
 * Reads path-level and operation-level parameters (operation wins on the same name+location)
 * and the request body. A required cookie parameter makes the operation unsupported.
 */
export function readParams(
  ctx: OpenApiContext,
  pathItem: { node: Obj; file: string },
  op: { node: Obj; file: string },
): ParamsResult {
  const notes: string[] = [];
  const merged = new Map<string, RawParam>();
  for (const p of [
    ...list(ctx, pathItem.node.parameters, pathItem.file),
    ...list(ctx, op.node.parameters, op.file),
  ]) {
    merged.set(`${String(p.node.in)}:${String(p.node.name)}`, p);
  }
  const params: Param[] = [];
  const form: { name: string; schema: JsonSchemaLite; required: boolean }[] = [];
  let body: RequestBody | undefined;
  for (const { node, file } of merged.values()) {
    const name = String(node.name);
    const where = String(node.in);
    const required = node.required === true || where === 'path';
    if (where === 'cookie') {
      if (required) throw new UnsupportedError(`required cookie parameter "${name}" is not supported`);
      notes.push(`cookie parameter "${name}" is ignored`);
      continue;
    }
    if (where === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    if (where === 'body') {
      const types = (Array.isArray(op.node.consumes) ? op.node.consumes.map(String) : ctx.consumes) ?? [];
      const all = types.length > 0 ? types : ['application/json'];
      body = {
        contentType: pickContentType(all)!,
        contentTypes: all,
        schema: ctx.schemas.convert(node.schema, file),
        required,
      };
      continue;
    }
    let schema: JsonSchemaLite;
    if (ctx.version === '2.0') {
      schema = ctx.schemas.convert(schema2(node), file);
    } else if (node.schema !== undefined) {
      schema = ctx.schemas.convert(node.schema, file);
    } else if (isObj(node.content)) {
      const media = Object.values(node.content)[0];
      schema = ctx.schemas.convert(isObj(media) ? media.schema : undefined, file);
    } else {
      schema = {};
    }
    if (where === 'formData') {
      form.push({ name, schema, required });
      continue;
    }
    if (where !== 'path' && where !== 'query' && where !== 'header') {
      notes.push(`parameter "${name}" in "${where}" is ignored`);
      continue;
    }
    params.push(toParam(name, where, required, schema, node));
  }
  if (form.length > 0) body = formBody(ctx, op.node, form);
  if (ctx.version !== '2.0' && op.node.requestBody !== undefined) body = readBody3(ctx, op);
  return { params, body, notes };
}

function formBody(
  ctx: OpenApiContext,
  op: Obj,
  form: { name: string; schema: JsonSchemaLite; required: boolean }[],
): RequestBody {
  const types = Array.isArray(op.consumes) ? op.consumes.map(String) : ctx.consumes;
  const all = types.length > 0 ? types : ['application/x-www-form-urlencoded'];
  const schema: JsonSchemaLite = {
    type: 'object',
    properties: Object.fromEntries(form.map((f) => [f.name, f.schema])),
    required: form.filter((f) => f.required).map((f) => f.name),
  };
  return {
    contentType: pickContentType(all)!,
    contentTypes: all,
    schema,
    required: form.some((f) => f.required),
  };
}

function readBody3(ctx: OpenApiContext, op: { node: Obj; file: string }): RequestBody | undefined {
  const rb = derefObj(ctx, op.node.requestBody, op.file);
  const content = isObj(rb.node.content) ? rb.node.content : {};
  const types = Object.keys(content);
  const contentType = pickContentType(types);
  if (!contentType) return undefined;
  const media = derefObj(ctx, content[contentType], rb.file);
  const body: RequestBody = {
    contentType,
    contentTypes: types,
    schema: ctx.schemas.convert(media.node.schema, media.file),
    required: rb.node.required === true,
  };
  const example = exampleOf(ctx, media.node, media.file);
  if (example !== undefined) body.example = example;
  return body;
}

/** True when none of a body's content types is something the generated client can send. */
export function bodyUnusable(body: RequestBody | undefined): boolean {
  return body !== undefined && !body.contentTypes.some(isUsableContentType);
}

/** The example of a media type object: `example`, else the first of `examples` (resolved). */
export function exampleOf(ctx: OpenApiContext, media: Obj, file: string): unknown {
  if (media.example !== undefined) return media.example;
  if (isObj(media.examples)) {
    const first = Object.values(media.examples)[0];
    if (first !== undefined) return derefObj(ctx, first, file).node.value;
  }
  return undefined;
}
