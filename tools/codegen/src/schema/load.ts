/**
 * Reading schema files: YAML or JSON text to data, with parse errors as `SchemaError`s that carry
 * file:line:column, and finding the root file of a directory of OpenAPI files.
 * @module
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';

import { parseDocument } from 'yaml';

import { SchemaError, lineColAt } from './errors';
import { findJsonError } from './json-locate';

/** A parsed schema file: its text is kept to locate problems found later (e.g. dangling refs). */
export interface LoadedFile {
  file: string;
  text: string;
  data: unknown;
}

/** True for a directory, false for a file; a `SchemaError` when the path does not exist. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new SchemaError('cannot read the schema: file not found', { file: path }, 'check the path given');
  }
}

/** Reads a file's text, turning I/O failures into a `SchemaError` naming the file. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : String(e);
    throw new SchemaError(`cannot read the schema: ${why}`, { file }, 'check the path given');
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const found = findJsonError(text);
    const at = found ? lineColAt(text, found.offset) : {};
    const problem = found
      ? `invalid JSON: expected ${found.expected}`
      : `invalid JSON: ${(e as Error).message}`;
    throw new SchemaError(problem, { file, ...at }, 'fix the JSON syntax at that position');
  }
}

function parseYaml(text: string, file: string): unknown {
  // uniqueKeys off: real specs contain duplicate keys and every YAML tool keeps the last one.
  const doc = parseDocument(text, { uniqueKeys: false });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new SchemaError(
      `invalid YAML: ${first}`,
      { file, line: pos?.line, column: pos?.col },
      'fix the YAML syntax at that line (indentation, an unclosed bracket or quote)',
    );
  }
  return doc.toJS({ maxAliasCount: -1 });
}

/**
 * Parses schema text: JSON when the name ends in `.json` or the text starts with `{`, else YAML.
 * Throws `SchemaError` with the error's line and column.
 */
export function parseText(text: string, file: string): unknown {
  const json = extname(file).toLowerCase() === '.json' || /^\s*[{[]/.test(text.slice(0, 200));
  return json ? parseJson(text, file) : parseYaml(text, file);
}

/** Reads and parses one schema file. */
export function loadFile(file: string): LoadedFile {
  const text = readText(file);
  return { file, text, data: parseText(text, file) };
}

const SPEC_EXT = new Set(['.yaml', '.yml', '.json']);
// A top-level YAML key starts at column 0.
const ROOT_KEY = /^["']?(openapi|swagger)["']?\s*:/m;

function isRootJson(text: string): boolean {
  try {
    const data: unknown = JSON.parse(text);
    return typeof data === 'object' && data !== null && ('openapi' in data || 'swagger' in data);
  } catch {
    return false;
  }
}

/**
 * The root of an OpenAPI directory: the one file at its top level with `openapi` or `swagger`
 * as a top-level key. Throws when there is none or more than one, naming the candidates.
 */
export function findRootFile(dir: string): string {
  const files = readdirSync(dir)
    .filter((n) => SPEC_EXT.has(extname(n).toLowerCase()))
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile())
    .sort();
  const roots = files.filter((f) => {
    const text = readText(f);
    return extname(f).toLowerCase() === '.json' ? isRootJson(text) : ROOT_KEY.test(text);
  });
  if (roots.length === 1) return roots[0]!;
  if (roots.length === 0) {
    throw new SchemaError(
      'no OpenAPI root file in this directory',
      { file: dir },
      'the root is the .yaml/.yml/.json file at the top of the directory with an `openapi` or `swagger` key; pass the file itself instead',
    );
  }
  throw new SchemaError(
    `several OpenAPI root files in this directory: ${roots.map((f) => relative(dir, f)).join(', ')}`,
    { file: dir },
    'pass the root file itself',
  );
}
