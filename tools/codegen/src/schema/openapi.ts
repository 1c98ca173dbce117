/**
 * `readOpenApi`: an OpenAPI 2.0/3.0/3.1 file or directory to an `ApiModel`.
 * @module
 */
import { resolve } from 'node:path';

import { mapSecuritySchemes } from './auth';
import { isObj, securityNames, type OpenApiContext } from './context';
import { SchemaError, locatePattern } from './errors';
import { SchemaConverter } from './json-schema';
import { findRootFile, isDirectory, loadFile, type LoadedFile } from './load';
import type { ApiModel } from './model';
import { readOperations } from './operations';
import { RefResolver } from './refs';
import { readServers2, readServers3 } from './servers';

/** The root file for a path: the file itself, or the root file of a directory. */
export function openApiRoot(path: string): string {
  const abs = resolve(path);
  return isDirectory(abs) ? findRootFile(abs) : abs;
}

/** `2.0`, `3.0` or `3.1` from the top-level `swagger`/`openapi` key; anything else is an error. */
function detectVersion(loaded: LoadedFile): { version: OpenApiContext['version']; full: string } {
  const doc = loaded.data;
  if (!isObj(doc)) {
    throw new SchemaError('not an OpenAPI document: the top level is not an object', {
      file: loaded.file,
      line: 1,
      column: 1,
    });
  }
  // The top-level key: at column 0 in YAML, quoted in JSON.
  const where = (key: string) => ({
    file: loaded.file,
    ...locatePattern(loaded.text, new RegExp(`^${key}\\s*:|"${key}"\\s*:`, 'm')),
  });
  const hint = 'dsforge reads OpenAPI 2.0 (swagger: "2.0"), 3.0.x and 3.1.x';
  if (doc.openapi !== undefined) {
    const full = String(doc.openapi);
    if (/^3\.0(\.|$)/.test(full)) return { version: '3.0', full };
    if (/^3\.1(\.|$)/.test(full)) return { version: '3.1', full };
    throw new SchemaError(`unknown OpenAPI version "${full}"`, where('openapi'), hint);
  }
  if (doc.swagger !== undefined) {
    const full = String(doc.swagger);
    if (full === '2.0' || full === '2') return { version: '2.0', full: '2.0' };
    throw new SchemaError(`unknown Swagger version "${full}"`, where('swagger'), hint);
  }
  throw new SchemaError(
    'not an OpenAPI document: no "openapi" or "swagger" key at the top level',
    { file: loaded.file, line: 1, column: 1 },
    hint,
  );
}

/** Strings from a list value (Swagger 2 `consumes`/`produces`). */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/**
 * Reads an OpenAPI 2.0, 3.0 or 3.1 schema — one YAML/JSON file, or a directory whose root file
 * refers to others by relative `$ref` — into an `ApiModel`.
 *
 * Throws `SchemaError` (with file:line where known) for unreadable files, YAML/JSON syntax
 * errors, unknown versions and `$ref`s that do not resolve. Operations using unsupported
 * constructs are listed in `skipped` and `warnings` instead.
 *
 * The model is plain data without cycles; a component schema used by several operations is the
 * same object in each (converted once), so treat the model as read-only or `structuredClone` it.
 */
export async function readOpenApi(path: string): Promise<ApiModel> {
  const rootFile = openApiRoot(path);
  const loaded = loadFile(rootFile);
  const { version, full } = detectVersion(loaded);
  const root = loaded.data as Record<string, unknown>;
  const refs = new RefResolver(loaded);
  const warnings: string[] = [];
  const warn = (w: string): void => void warnings.push(w);
  const ctx: OpenApiContext = {
    refs,
    schemas: new SchemaConverter(refs),
    version,
    root,
    consumes: strings(root.consumes),
    produces: strings(root.produces),
    security: securityNames(root.security),
  };
  const info = isObj(root.info) ? root.info : {};
  const anonymous =
    Array.isArray(root.security) && root.security.some((r) => isObj(r) && Object.keys(r).length === 0);
  const schemes =
    version === '2.0'
      ? root.securityDefinitions
      : isObj(root.components)
        ? root.components.securitySchemes
        : undefined;
  const auth = mapSecuritySchemes(schemes, rootFile, refs, anonymous, warn);
  const servers = version === '2.0' ? readServers2(root) : readServers3(root.servers, warn);
  const ops = readOperations(ctx, rootFile);
  warnings.push(...ops.warnings);
  if (isObj(root.webhooks) && Object.keys(root.webhooks).length > 0) {
    warnings.push(
      `webhooks (${Object.keys(root.webhooks).join(', ')}) are ignored: a datasource only calls the API`,
    );
  }
  if (ops.operations.length === 0) warnings.push('the schema has no operations');
  const model: ApiModel = {
    kind: 'openapi',
    specVersion: full,
    title: typeof info.title === 'string' ? info.title : 'API',
    version: info.version !== undefined ? String(info.version) : '',
    servers,
    auth,
    operations: ops.operations,
    skipped: ops.skipped,
    warnings,
  };
  if (typeof info.description === 'string') model.description = info.description;
  return model;
}
