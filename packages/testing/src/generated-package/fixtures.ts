/**
 * The shape of a generated package's `test/generated/fixtures.json`, written by create-datasource
 * (tools/codegen/src/generate/mocks.ts makes it).
 * @module
 */

/** One mocked endpoint (see `test/generated/fixtures.json`). */
export interface MockRoute {
  operationId: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: unknown;
  schema: Record<string, unknown> | null;
  paging?: { kind: string; param: string; in: 'query' | 'body' | 'variables'; lastBody?: unknown };
  graphqlName?: string;
}

/** The generated fixtures: auth, routes and one sample query per query type. */
export interface Fixtures {
  binary: string;
  auth: {
    type: string;
    jsonData: Record<string, unknown>;
    valid: Record<string, string>;
    invalid: Record<string, string>;
    check?: { header?: string; query?: string; value: string };
  };
  routes: MockRoute[];
  queries: { refId: string; operationId: string; params: Record<string, unknown> }[];
}

/** A sample query of one query type. */
export interface SampleQuery {
  refId: string;
  operationId: string;
  params: Record<string, unknown>;
}
