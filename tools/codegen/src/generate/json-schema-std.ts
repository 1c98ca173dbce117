/**
 * `JsonSchemaLite` (the API model's reduced schema) to standard JSON Schema (draft 2020-12
 * keywords ajv understands), for the generated tests that validate mock responses: `nullable`
 * becomes a `null` type, recursion cut points (`circular`) accept anything, formats ajv-formats
 * does not know are dropped, and bookkeeping keys (`ref`, `discriminator`, `example`) go.
 * @module
 */
import type { JsonSchemaLite } from '../schema';

/** Formats ajv-formats validates; others are annotations only and are left out. */
export const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'uri',
  'uri-reference',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
]);

/** A standard JSON schema as plain data. */
export type StdSchema = Record<string, unknown>;

/** Converts one schema (recursively). Depth is bounded so pathological specs stay small. */
export function toStandardSchema(s: JsonSchemaLite | undefined, depth = 0): StdSchema {
  if (!s || s.circular || depth > 12) return {};
  const out: StdSchema = {};
  if (s.type) out.type = s.nullable ? [s.type, 'null'] : s.type;
  if (s.enum) out.enum = s.nullable && !s.enum.includes(null) ? [...s.enum, null] : s.enum;
  if (s.format && KNOWN_FORMATS.has(s.format)) out.format = s.format;
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength', 'pattern'] as const) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, toStandardSchema(v, depth + 1)]),
    );
  }
  if (s.required?.length) out.required = s.required;
  if (s.items) out.items = toStandardSchema(s.items, depth + 1);
  if (typeof s.additionalProperties === 'object')
    out.additionalProperties = toStandardSchema(s.additionalProperties, depth + 1);
  const variants = s.oneOf ?? s.anyOf;
  // oneOf becomes anyOf: generated data may match several variants, which is fine for a mock.
  if (variants) {
    const alts = variants.map((v) => toStandardSchema(v, depth + 1));
    out.anyOf = s.nullable ? [...alts, { type: 'null' }] : alts;
  }
  return out;
}
