/**
 * The data the templates render from: names, dependency specs, auth, URLs and the generated
 * code's JSON (operations, editor schema, types, mock routes, sample queries).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import type { ApiModel, Operation } from '../schema';
import { certifyConfig, type GeneratedCertifyConfig } from './certify-config';
import {
  mockRoutes,
  sampleQueries,
  testAuth,
  type MockRoute,
  type SampleQuery,
  type TestAuth,
} from './mocks';
import { executableName } from './naming';
import type { GenerateOptions, GeneratorRecord } from './options';
import {
  basePath,
  editorOperation,
  healthOperation,
  operationSpec,
  serverUrl,
  typesSource,
} from './runtime-model';

/** The repository root of this dsforge checkout (holds `packages/` and `templates/`). */
export const DSFORGE_ROOT = resolve(__dirname, '../../../..');

/** The generator's version (the codegen package's). */
export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(join(DSFORGE_ROOT, 'tools/codegen/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Everything the templates see. */
export interface TemplateData {
  id: string;
  name: string;
  description: string;
  executable: string;
  kind: GenerateOptions['kind'];
  isOpenapi: boolean;
  isGraphql: boolean;
  isWrapper: boolean;
  isBackendOnly: boolean;
  hasSchema: boolean;
  generatorVersion: string;
  createdAt: string;
  record: GeneratorRecord;
  deps: Record<'backend' | 'kit' | 'ui' | 'testing' | 'codegen', string>;
  auth: TestAuth;
  authTypes: string[];
  urlPlaceholder: string;
  basePath: string;
  endpointPath: string;
  health?: { method: string; path: string; operationId: string };
  operations: unknown[];
  editorSchema: { operations: unknown[] };
  typesTs: string;
  mockRoutes: MockRoute[];
  sampleQueries: SampleQuery[];
  /** `certify.config.json`, in the format `dsforge certify` reads. */
  certifyConfig: GeneratedCertifyConfig;
  /** `test/generated/fixtures.json`, already formatted (prettier's json-stringify style). */
  fixturesJson: string;
  reads: { id: string; label: string; method: string; path: string }[];
  skipped: number;
  apiTitle: string;
  apiVersion: string;
  /** GraphQL: the schema as SDL, for the generated document-validation test. */
  schemaSdl: string;
}

/** The GraphQL schema file as SDL (introspection JSON is printed as SDL). */
function graphqlSdl(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!/\.json$/i.test(path)) return text;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const graphql = require('graphql') as typeof import('graphql');
  const json = JSON.parse(text) as { data?: unknown; __schema?: unknown };
  return graphql.printSchema(graphql.buildClientSchema((json.data ?? json) as never));
}

function depSpecs(opts: GenerateOptions): TemplateData['deps'] {
  const dirs = {
    backend: 'packages/backend',
    kit: 'packages/kit',
    ui: 'packages/ui',
    testing: 'packages/testing',
    codegen: 'tools/codegen',
  };
  const out = {} as TemplateData['deps'];
  for (const [k, d] of Object.entries(dirs) as [keyof typeof dirs, string][]) {
    out[k] = opts.link
      ? `link:${relative(opts.packageDir, join(resolve(opts.link), d)) || '.'}`
      : 'workspace:^';
  }
  return out;
}

/** The provider names the config editor offers, from the spec's security schemes. */
function authTypesOf(model: ApiModel | undefined): string[] {
  const names = (model?.auth ?? []).map((a) => a.provider).filter((p) => p !== 'none');
  return names.length === 0 ? ['none'] : [...new Set(names)];
}

/**
 * The datasource URL for a server URL: the plugin adds the base path to every request itself, so
 * a server URL ending in it (`https://eu.example.com/api/v1` with base `/api/v1`) gives the part
 * before it — else requests would go to `/api/v1/api/v1/...`. Other paths (a proxy prefix) stay.
 */
export function datasourceUrl(server: string, base: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return server;
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (base && path.endsWith(base)) path = path.slice(0, -base.length);
  return `${url.origin}${path}`;
}

/** Builds the template data for a model (absent for wrapper and backend-only packages). */
export function templateData(
  opts: GenerateOptions,
  model: ApiModel | undefined,
  reads: Operation[],
): TemplateData {
  const graphql = opts.kind === 'graphql';
  // GraphQL: the datasource URL is the server's origin and the endpoint path is the base path,
  // so requests go to exactly `/graphql` (joining '' to a URL path would add a trailing slash).
  const endpointPath = graphql && opts.endpoint ? new URL(opts.endpoint).pathname.replace(/\/+$/, '') : '';
  const base = model && !graphql ? basePath(model) : endpointPath;
  const version = generatorVersion();
  const record: GeneratorRecord = {
    generator: '@dsforge/codegen',
    version,
    kind: opts.kind,
    name: opts.name,
    id: opts.id,
    ...(opts.schema ? { schema: relative(opts.packageDir, opts.schema) } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.include?.length ? { include: opts.include } : {}),
    ...(opts.exclude?.length ? { exclude: opts.exclude } : {}),
    ...(opts.link ? { link: relative(opts.packageDir, resolve(opts.link)) } : {}),
    createdAt: opts.createdAt,
  };
  const health = model ? healthOperation(model, reads) : undefined;
  const urlPlaceholder = graphql
    ? new URL(opts.endpoint ?? 'http://localhost:4000/graphql').origin
    : datasourceUrl((model && serverUrl(model)) ?? 'http://localhost:8787', base);
  const auth = testAuth(model?.auth ?? []);
  const routes = model ? mockRoutes(model, reads, base, endpointPath) : [];
  const samples = sampleQueries(reads);
  const executable = executableName(opts.id);
  return {
    id: opts.id,
    name: opts.name,
    description: (model?.description ?? `${opts.name} datasource`).split('\n')[0]!.trim(),
    executable,
    kind: opts.kind,
    isOpenapi: opts.kind === 'openapi',
    isGraphql: graphql,
    isWrapper: opts.kind === 'wrapper',
    isBackendOnly: opts.kind === 'backend-only',
    hasSchema: model !== undefined,
    generatorVersion: version,
    createdAt: opts.createdAt,
    record,
    deps: depSpecs(opts),
    auth,
    authTypes: authTypesOf(model),
    urlPlaceholder,
    basePath: base,
    endpointPath,
    ...(health
      ? { health: { method: health.method, path: graphql ? '' : `${health.path}`, operationId: health.id } }
      : {}),
    operations: reads.map((op) => operationSpec(op, graphql)),
    editorSchema: { operations: reads.map((op) => editorOperation(op, graphql)) },
    typesTs: reads.length > 0 ? typesSource(reads) : '',
    mockRoutes: routes,
    sampleQueries: samples,
    certifyConfig: certifyConfig(auth, routes, samples, graphql),
    // Written pre-formatted: prettier needs seconds for the fixtures of a large spec.
    fixturesJson: `${JSON.stringify({ binary: executable, auth, routes, queries: samples }, null, 2)}\n`,
    reads: reads.map((op) => ({
      id: op.id,
      label: op.summary?.trim() || op.id,
      method: op.method,
      path: op.path,
    })),
    skipped: model ? model.operations.length - reads.length : 0,
    apiTitle: model?.title ?? opts.name,
    apiVersion: model?.version ?? '',
    schemaSdl: graphql && opts.schema ? graphqlSdl(opts.schema) : '',
  };
}

/** Folder of the templates. */
export const TEMPLATES_DIR = join(DSFORGE_ROOT, 'templates');
