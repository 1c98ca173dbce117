/**
 * What to generate: the options the CLI collects (flags, prompts, or `.config/.dsforgerc.json` on
 * update), checked in one place.
 * @module
 */

/** Kinds of generated package. */
export const PACKAGE_KINDS = ['openapi', 'graphql', 'wrapper', 'backend-only'] as const;
export type PackageKind = (typeof PACKAGE_KINDS)[number];

/** Everything a generation needs. Paths are absolute. */
export interface GenerateOptions {
  kind: PackageKind;
  /** Display name (`Orders API`). */
  name: string;
  /** Plugin id (`acme-orders-datasource`). */
  id: string;
  /** The package folder to write. */
  packageDir: string;
  /** OpenAPI file/dir or GraphQL schema (openapi, graphql). */
  schema?: string;
  /** GraphQL endpoint URL. */
  endpoint?: string;
  include?: string[];
  exclude?: string[];
  /** A dsforge checkout to depend on with `link:` (outside the monorepo). */
  link?: string;
  /** ISO timestamp recorded as `dsforge.createdAt` (fixed for reproducible regeneration). */
  createdAt: string;
}

/** `.config/.dsforgerc.json`: how the package was generated, so `update` can do it again. */
export interface GeneratorRecord {
  generator: '@dsforge/codegen';
  version: string;
  kind: PackageKind;
  name: string;
  id: string;
  /** Schema path relative to the package folder. */
  schema?: string;
  endpoint?: string;
  include?: string[];
  exclude?: string[];
  link?: string;
  createdAt: string;
}
