import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildSchema, introspectionFromSchema, parse, validate } from 'graphql';

import { readSchema } from './index';
import type { ApiModel, FieldTree, Operation } from './model';
import { fixture } from './test-fixtures';

const SDL = fixture('orders.graphql');
const op = (m: ApiModel, id: string): Operation => m.operations.find((o) => o.id === id)!;

describe('the orders GraphQL schema', () => {
  let m: ApiModel;
  const schema = buildSchema(readFileSync(SDL, 'utf8'));
  beforeAll(async () => {
    m = await readSchema(SDL);
  });

  it('makes query fields query operations and mutations writes; subscriptions are skipped', () => {
    expect(m.kind).toBe('graphql');
    expect(m.operations.filter((o) => o.isQuery).map((o) => o.id)).toEqual([
      'orders',
      'order',
      'customers',
      'customer',
      'orderStats',
      'search',
      'node',
      'version',
    ]);
    expect(m.operations.filter((o) => !o.isQuery).map((o) => `${o.method} ${o.id}`)).toEqual([
      'MUTATION createOrder',
      'MUTATION cancelOrder',
    ]);
    expect(op(m, 'orders').method).toBe('QUERY');
    expect(m.skipped).toEqual([
      { operation: 'subscription orderCreated', reason: expect.stringMatching(/not supported/) },
    ]);
  });

  it('generates documents that pass graphql.validate against the schema', () => {
    for (const o of m.operations) {
      expect({ id: o.id, errors: validate(schema, parse(o.document!)).map((e) => e.message) }).toEqual({
        id: o.id,
        errors: [],
      });
    }
  });

  it('turns arguments into params with types, requiredness, enums and defaults', () => {
    expect(op(m, 'order').params).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'argument',
        required: true,
        type: 'string',
        graphqlType: 'ID!',
      }),
    ]);
    const stats = op(m, 'orderStats').params;
    expect(stats.find((p) => p.name === 'from')).toMatchObject({
      required: true,
      format: 'date-time',
      graphqlType: 'DateTime!',
    });
    expect(stats.find((p) => p.name === 'interval')).toMatchObject({
      required: false,
      enum: ['MINUTE', 'FIVE_MINUTES', 'HOUR', 'DAY'],
      default: 'HOUR',
    });
    expect(op(m, 'orders').params.find((p) => p.name === 'filter')!.schema).toMatchObject({
      type: 'object',
      ref: 'OrderFilter',
      properties: { status: { type: 'array', items: { type: 'string' } } },
    });
  });

  it('detects the Relay connection: cursor paging via first/after, rows under edges.node', () => {
    const orders = op(m, 'orders');
    expect(orders.pagination).toMatchObject({
      kind: 'cursor',
      requestParam: 'after',
      limitParam: 'first',
      responsePath: 'data.orders.pageInfo.endCursor',
      hasMorePath: 'data.orders.pageInfo.hasNextPage',
    });
    expect(orders.response).toMatchObject({ itemsPath: 'data.orders.edges', rowPath: 'node' });
    const types = Object.fromEntries(orders.response!.fields.map((f) => [f.path, f.type]));
    expect(types).toMatchObject({
      id: 'string',
      total: 'number',
      createdAt: 'time',
      'customer.name': 'string',
      items: 'json',
    });
    expect(orders.document).toContain('pageInfo {');
    expect(orders.document).toContain('endCursor');
    expect(op(m, 'order').pagination).toBeUndefined();
  });

  it('offers a field picker tree with the default selection marked', () => {
    const tree = op(m, 'order').selectable!;
    const child = (t: FieldTree, name: string): FieldTree => t.children!.find((c) => c.name === name)!;
    expect(tree).toMatchObject({ name: 'order', graphqlType: 'Order', kind: 'object', selected: true });
    expect(child(tree, 'total')).toMatchObject({ kind: 'scalar', fieldType: 'number', selected: true });
    expect(child(tree, 'status')).toMatchObject({ kind: 'enum', fieldType: 'string', selected: true });
    const customer = child(tree, 'customer');
    expect(customer.selected).toBe(true);
    // A nested connection is offered but not in the default document.
    expect(child(customer, 'orders')).toMatchObject({ selected: false });
    expect(op(m, 'order').document).not.toMatch(/orders/);
  });

  it('selects __typename and inline fragments for unions', () => {
    const doc = op(m, 'search').document!;
    expect(doc).toContain('__typename');
    expect(doc).toContain('... on Order {');
    expect(doc).toContain('... on Customer {');
  });

  it('writes every argument as a variable of the same type', () => {
    expect(op(m, 'orderStats').document).toMatch(
      /^query OrderStats\(\$from: DateTime!, \$to: DateTime!, \$interval: StatsInterval, \$status: OrderStatus\) \{\n {2}orderStats\(from: \$from, to: \$to, interval: \$interval, status: \$status\) \{/,
    );
    expect(op(m, 'version').document).toBe('query Version {\n  version\n}\n');
  });
});

describe('GraphQL introspection JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsforge-gql-'));
  const introspection = introspectionFromSchema(buildSchema(readFileSync(SDL, 'utf8')));

  it.each([
    ['{data: {__schema}}', { data: introspection }],
    ['{__schema}', introspection],
  ])('reads the %s form like the SDL', async (_name, content) => {
    const file = join(dir, `schema-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(content));
    const fromJson = await readSchema(file);
    const fromSdl = await readSchema(SDL);
    expect(fromJson.kind).toBe('graphql');
    expect(fromJson.operations.map((o) => [o.id, o.document])).toEqual(
      fromSdl.operations.map((o) => [o.id, o.document]),
    );
  });

  it('builds from SDL with undeclared directives, warning about them', async () => {
    const file = join(dir, 'federated.graphql');
    writeFileSync(
      file,
      'type Query { product(id: ID!): Product }\ntype Product @key(fields: "id") { id: ID! name: String }\n',
    );
    const m = await readSchema(file);
    expect(m.operations.map((o) => o.id)).toEqual(['product']);
    expect(m.warnings).toEqual([expect.stringMatching(/undeclared directives are ignored.*@key/)]);
  });
});
