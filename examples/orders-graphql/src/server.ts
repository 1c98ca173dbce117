/**
 * GraphQL over HTTP for the orders schema (node:http): `POST /graphql` with a JSON body
 * `{query, variables, operationName}`, and `GET /graphql?query=…` for queries (introspection).
 * Answers are `application/json` `{data, errors}`; a well-formed request gets 200 even when the
 * GraphQL result holds errors (the GraphQL-over-HTTP rule for `application/json`).
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { OrdersStore, type StoreOptions } from '@dsforge/example-orders-api';
import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode } from 'graphql';

import { createRoot } from './resolvers';
import { ordersSchema } from './schema';

/** Options of {@link startOrdersGraphql}. */
export interface OrdersGraphqlOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /**
   * When set, requests need `Authorization: Token <apiKey>` (as the REST API). The schema
   * declares no auth, so the default is none.
   */
  apiKey?: string;
  /** Answer from this store (e.g. shared with a REST server); default: a fresh seeded one. */
  store?: OrdersStore;
  /** Seed data options of a fresh store (ignored with `store`). */
  data?: StoreOptions;
}

/** A running GraphQL server. */
export interface OrdersGraphql {
  /** The origin, e.g. `http://127.0.0.1:8788`. */
  url: string;
  /** `url` + `/graphql`: the endpoint to POST to. */
  endpoint: string;
  store: OrdersStore;
  close(): Promise<void>;
}

/** Where the endpoint lives. */
export const GRAPHQL_PATH = '/graphql';

interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

async function readRequest(req: IncomingMessage, url: URL): Promise<GraphqlRequest> {
  if (req.method === 'GET') {
    const variables = url.searchParams.get('variables');
    try {
      return {
        query: url.searchParams.get('query') ?? undefined,
        variables: variables ? (JSON.parse(variables) as unknown) : undefined,
        operationName: url.searchParams.get('operationName') ?? undefined,
      };
    } catch {
      throw new RequestError(400, 'the variables query parameter is not valid JSON');
    }
  }
  if (req.method !== 'POST')
    throw new RequestError(405, 'use POST (or GET for queries)', { allow: 'GET, POST' });
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
    return body as GraphqlRequest;
  } catch {
    throw new RequestError(400, 'the body must be a JSON object {"query", "variables", "operationName"}');
  }
}

/** Starts the GraphQL server; resolves once it listens. */
export async function startOrdersGraphql(opts: OrdersGraphqlOptions = {}): Promise<OrdersGraphql> {
  const store = opts.store ?? new OrdersStore(opts.data);
  const schema = ordersSchema();
  const rootValue = createRoot(store);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== GRAPHQL_PATH)
      throw new RequestError(404, `no endpoint at ${url.pathname}; use ${GRAPHQL_PATH}`);
    if (opts.apiKey !== undefined && req.headers.authorization !== `Token ${opts.apiKey}`) {
      throw new RequestError(
        401,
        'missing or invalid API key: send "Authorization: Token <api key>"',
        {
          'www-authenticate': 'Token',
        },
        'UNAUTHENTICATED',
      );
    }
    const body = await readRequest(req, url);
    if (typeof body.query !== 'string' || !body.query.trim())
      throw new RequestError(400, 'query is required');
    if (body.variables != null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
      throw new RequestError(400, 'variables must be a JSON object');
    }
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (e) {
      return reply(res, 200, { errors: [(e as GraphQLError).toJSON()] });
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return reply(res, 200, { errors: errors.map((e) => e.toJSON()) });
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const op = getOperationAST(document, operationName);
    if (op?.operation === 'subscription') {
      throw new RequestError(
        400,
        'subscriptions are not served over HTTP by this example; use queries and mutations',
      );
    }
    if (op?.operation === 'mutation' && req.method === 'GET') {
      throw new RequestError(405, 'mutations need POST', { allow: 'POST' });
    }
    const result = await execute({
      schema,
      document,
      rootValue,
      variableValues: body.variables as Record<string, unknown> | undefined,
      operationName,
    });
    reply(res, 200, result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err =
        e instanceof RequestError ? e : new RequestError(500, `the GraphQL server failed: ${String(e)}`);
      reply(
        res,
        err.status,
        { errors: [{ message: err.message, extensions: { code: err.code } }] },
        err.headers,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  return {
    url,
    endpoint: `${url}${GRAPHQL_PATH}`,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
