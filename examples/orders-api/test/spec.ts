/**
 * Test helper: the orders spec loaded with `yaml` and compiled with ajv (JSON Schema 2020-12, as
 * OpenAPI 3.1 uses), so real responses can be checked against the schema the spec declares for
 * their operation and status.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The spec file the server implements. */
export const SPEC_PATH = join(__dirname, '../../schemas/orders.openapi.yaml');

type Json = Record<string, unknown>;
const SPEC_ID = 'https://dsforge.invalid/orders.openapi.yaml';
const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Json;
// The whole document is one schema resource, so `#/components/schemas/X` refs resolve as written.
// Not strict: the document also holds OpenAPI keywords (paths, info, x-dsforge-*).
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const pointerPart = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function at(pointer: string): Json {
  let node: unknown = spec;
  for (const part of pointer.split('/').slice(1)) {
    node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node as Json;
}

/** What the spec says about one response: its schema validator and header names. */
export interface DeclaredResponse {
  contentType?: string;
  validate?: ValidateFunction;
  headers: string[];
}

/**
 * The declared response of `method path` for `status`, following a `$ref` to
 * `components/responses`; undefined when the spec declares no such response.
 */
export function declaredResponse(method: string, path: string, status: number): DeclaredResponse | undefined {
  let pointer = `#/paths/${pointerPart(path)}/${method.toLowerCase()}/responses/${status}`;
  let response = at(pointer);
  if (!response) return undefined;
  if (typeof response.$ref === 'string') {
    pointer = response.$ref;
    response = at(pointer);
  }
  const content = (response.content ?? {}) as Json;
  const contentType = Object.keys(content)[0];
  const headers = Object.keys((response.headers ?? {}) as Json).map((h) => h.toLowerCase());
  if (!contentType) return { headers };
  const schemaPointer = `${pointer}/content/${pointerPart(contentType)}/schema`;
  return { contentType, headers, validate: ajv.compile({ $ref: `${SPEC_ID}${schemaPointer}` }) };
}

/** The raw parsed spec. */
export function rawSpec(): Json {
  return spec;
}
