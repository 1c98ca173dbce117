/**
 * Example values for mock upstreams, from an API model's schemas: the spec's own example when it
 * is valid for the schema, else a value synthesised from the schema (enums, formats, bounds,
 * required and optional properties, one array item). Deterministic: the same schema always gives
 * the same value, so regenerated packages do not change.
 * @module
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { JsonSchemaLite } from '../schema';
import { toStandardSchema } from './json-schema-std';

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2026-01-15T09:30:00Z',
  date: '2026-01-15',
  time: '09:30:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  'uri-reference': '/example',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  byte: 'ZXhhbXBsZQ==',
  duration: 'PT1H',
};

function fitsPattern(value: string, pattern: string | undefined): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

/** A string that matches simple patterns like `^cus_[0-9]{4}$` (anything else gets a plain word). */
function stringFor(s: JsonSchemaLite, name: string): string {
  if (s.format && STRING_FORMATS[s.format]) return STRING_FORMATS[s.format]!;
  if (s.pattern) {
    const guess = s.pattern
      .replace(/^\^|\$$/g, '')
      .replace(/\[0-9\]\{(\d+)\}/g, (_, n: string) => '1'.repeat(Number(n)))
      .replace(/\[0-9\]\+|\\d\+/g, '1001')
      .replace(/\[a-z\]\+/g, 'abc');
    if (fitsPattern(guess, s.pattern)) return guess;
  }
  let v = name ? `${name}-1` : 'example';
  if (s.minLength !== undefined && v.length < s.minLength) v = v.padEnd(s.minLength, 'x');
  if (s.maxLength !== undefined && v.length > s.maxLength) v = v.slice(0, Math.max(s.maxLength, 0));
  return v;
}

function numberFor(s: JsonSchemaLite, integer: boolean): number {
  let v = integer ? 1 : 1.5;
  if (s.minimum !== undefined && v < s.minimum) v = integer ? Math.ceil(s.minimum) : s.minimum;
  if (s.maximum !== undefined && v > s.maximum) v = integer ? Math.floor(s.maximum) : s.maximum;
  return v;
}

/**
 * A value valid for `s` (as far as the reduced schema can tell). Circular references and
 * over-deep nesting give `null` when nullable, else an empty object/array.
 */
export function exampleFor(s: JsonSchemaLite | undefined, name = '', depth = 0): unknown {
  if (!s) return {};
  if (s.example !== undefined && valid(s, s.example)) return s.example;
  if (s.default !== undefined && valid(s, s.default)) return s.default;
  if (s.enum && s.enum.length > 0) return s.enum.find((e) => e !== null) ?? s.enum[0];
  // Recursion and deep nesting are cut at containers; scalars below the cut still get values.
  const container =
    s.type === 'array' || s.type === 'object' || (!s.type && (s.properties || s.oneOf || s.anyOf));
  if (s.circular || (depth > 10 && container)) return s.nullable ? null : s.type === 'array' ? [] : {};
  const variant = (s.oneOf ?? s.anyOf)?.[0];
  if (variant && !s.type) return exampleFor(variant, name, depth + 1);
  switch (s.type) {
    case 'string':
      return stringFor(s, name);
    case 'integer':
      return numberFor(s, true);
    case 'number':
      return numberFor(s, false);
    case 'boolean':
      return true;
    case 'array':
      return [exampleFor(s.items, name, depth + 1)];
    case 'null':
      return null;
    case 'object':
    default: {
      if (!s.properties && variant) return exampleFor(variant, name, depth + 1);
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        if (p.writeOnly) continue;
        out[k] = exampleFor(p, k, depth + 1);
      }
      return out;
    }
  }
}

let ajv: Ajv | undefined;
// Compiled validators by schema text: specs repeat the same component schemas many times.
const compiled = new Map<string, ValidateFunction | null>();

/** True when `value` validates against `s` converted to standard JSON Schema. */
export function valid(s: JsonSchemaLite, value: unknown): boolean {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
    addFormats(ajv);
  }
  const std = toStandardSchema(s);
  const key = JSON.stringify(std);
  let fn = compiled.get(key);
  if (fn === undefined) {
    try {
      fn = ajv.compile(std);
    } catch {
      fn = null;
    }
    compiled.set(key, fn);
  }
  return fn ? fn(value) === true : false;
}

/**
 * The mock body of a response: the spec's response example when valid, else one synthesised.
 * Text responses get the example text or a line of sample text.
 */
export function mockBody(response: {
  schema: JsonSchemaLite;
  example?: unknown;
  contentType: string;
}): unknown {
  const json = /json/i.test(response.contentType);
  if (!json) {
    if (typeof response.example === 'string') return response.example;
    return /csv/i.test(response.contentType) ? 'name,value\nexample,1\n' : 'example\n';
  }
  if (response.example !== undefined && valid(response.schema, response.example)) return response.example;
  return exampleFor(response.schema);
}
