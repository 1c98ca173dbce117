/**
 * The mock of a generated package's API, from its `test/generated/fixtures.json`: one route per
 * query type answering with the body generated from the schema (checking the test credential,
 * ending pagination after one follow-up page), GraphQL operations told apart by name, and an ajv
 * check that those bodies validate against the schema.
 * @module
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { mockUpstream, type Exchange, type MockUpstream, type Scenario } from '../mock-upstream';
import type { Fixtures, MockRoute } from './fixtures';

/** The mock of one package's API. */
export interface SchemaMock {
  /** False when the mock answers an operation with an empty body (no rows to expect). */
  expectsRows(operationId: string): boolean;
  /** Starts the mock API (call `close()` when done). */
  startMockApi(): Promise<MockUpstream>;
  /** Mock bodies that do not validate against the schema, as `operationId: problem` lines. */
  invalidMockBodies(): string[];
}

/** The mock described by `fixtures`. */
export function schemaMock(fixtures: Fixtures): SchemaMock {
  function authorized(ex: Exchange): boolean {
    const check = fixtures.auth.check;
    if (!check) return true;
    if (check.header) return ex.headers[check.header] === check.value;
    return ex.query[check.query ?? ''] === check.value;
  }

  function requestBody(ex: Exchange): Record<string, unknown> {
    try {
      return JSON.parse(ex.body || '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  }

  /** True when the request asks for a page after the first. */
  function followUp(route: MockRoute, ex: Exchange): boolean {
    const p = route.paging;
    if (!p) return false;
    const body = requestBody(ex);
    const value =
      p.in === 'query'
        ? ex.query[p.param]
        : p.in === 'body'
          ? body[p.param]
          : (body.variables as Record<string, unknown> | undefined)?.[p.param];
    if (value === undefined || value === null || value === '') return false;
    if (p.kind === 'offset') return Number(value) > 0;
    if (p.kind === 'pageNumber') return Number(value) > 1;
    return true;
  }

  function answer(route: MockRoute, ex: Exchange): void {
    if (!authorized(ex)) return ex.send(401, { message: 'invalid credentials' });
    const headers = { 'content-type': route.contentType };
    if (route.paging?.kind === 'linkHeader' && ex.query.__mockpage === undefined) {
      const next = new URL(ex.url.href);
      next.searchParams.set('__mockpage', '2');
      return ex.send(route.status, route.body, {
        ...headers,
        link: `<${next.pathname}${next.search}>; rel="next"`,
      });
    }
    ex.send(route.status, followUp(route, ex) ? route.paging?.lastBody : route.body, headers);
  }

  function graphqlScenario(routes: MockRoute[]): Scenario {
    return (ex) => {
      if (!authorized(ex)) return ex.send(401, { message: 'invalid credentials' });
      const query = String(requestBody(ex).query ?? '');
      const name = /^\s*query\s+(\w+)/.exec(query)?.[1];
      const route = routes.find((r) => r.graphqlName === name);
      if (!route) return ex.send(200, { data: { __typename: 'Query' } });
      answer(route, ex);
    };
  }

  /** False when the mock answers an operation with an empty body (no rows to expect). */
  function expectsRows(operationId: string): boolean {
    const body = fixtures.routes.find((r) => r.operationId === operationId)?.body;
    if (body === null || body === undefined || body === '') return false;
    return typeof body !== 'object' || Object.keys(body).length > 0;
  }

  /** Starts the mock API (call `close()` when done). */
  async function startMockApi(): Promise<MockUpstream> {
    const routes: Record<string, Scenario> = {};
    const graphql = fixtures.routes.filter((r) => r.graphqlName !== undefined);
    if (graphql.length > 0) routes[`POST ${graphql[0]!.path}`] = graphqlScenario(graphql);
    for (const r of fixtures.routes) {
      if (r.graphqlName === undefined) routes[`${r.method} ${r.path}`] = (ex) => answer(r, ex);
    }
    return mockUpstream({ routes });
  }

  /** Mock bodies that do not validate against the schema, as `operationId: problem` lines. */
  function invalidMockBodies(): string[] {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const problems: string[] = [];
    for (const r of fixtures.routes) {
      if (!r.schema) continue;
      const validate = ajv.compile(r.schema);
      for (const [which, body] of [
        ['first page', r.body],
        ['last page', r.paging?.lastBody ?? r.body],
      ] as const) {
        if (!validate(body)) problems.push(`${r.operationId} (${which}): ${ajv.errorsText(validate.errors)}`);
      }
    }
    return problems;
  }

  return { expectsRows, startMockApi, invalidMockBodies };
}
