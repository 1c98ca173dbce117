#!/usr/bin/env node
// Writes large-spec.json: a deterministic OpenAPI 3.0 spec over 1 MB with 200+ operations, for
// the schema reader's size/speed tests. Same output on every run (seeded PRNG, no dates).
// Run: node examples/schemas/large/generate.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a tiny seeded PRNG, so the spec is reproducible. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20260115);
const pick = (list) => list[Math.floor(rand() * list.length)];

const NOUNS = [
  'account',
  'alert',
  'asset',
  'audit',
  'batch',
  'bill',
  'bucket',
  'campaign',
  'cart',
  'channel',
  'check',
  'cluster',
  'comment',
  'contract',
  'coupon',
  'dashboard',
  'device',
  'domain',
  'event',
  'export',
  'feature',
  'file',
  'fleet',
  'gateway',
  'group',
  'incident',
  'invoice',
  'job',
  'key',
  'label',
  'lead',
  'license',
  'log',
  'metric',
  'monitor',
  'node',
  'note',
  'offer',
  'payment',
  'pipeline',
  'plan',
  'policy',
  'probe',
  'project',
  'queue',
  'region',
  'release',
  'report',
  'role',
  'route',
  'rule',
  'sample',
  'scan',
  'schedule',
  'secret',
  'segment',
  'service',
  'session',
  'shipment',
  'site',
  'snapshot',
  'space',
  'task',
  'team',
  'template',
  'ticket',
  'token',
  'topic',
  'trace',
  'user',
  'vendor',
  'volume',
  'webhook',
  'zone',
];
const WORDS = [
  'the',
  'value',
  'of',
  'this',
  'field',
  'is',
  'set',
  'by',
  'server',
  'when',
  'created',
  'and',
  'updated',
  'on',
  'every',
  'change',
  'used',
  'for',
  'filtering',
  'reports',
  'limits',
  'audit',
  'trail',
  'customer',
  'facing',
  'internal',
  'only',
  'may',
  'be',
  'empty',
  'until',
  'first',
  'sync',
];
const sentence = (n) => {
  const w = Array.from({ length: n }, () => pick(WORDS));
  return w[0][0].toUpperCase() + w.join(' ').slice(1) + '.';
};
const cap = (s) => s[0].toUpperCase() + s.slice(1);

const RESOURCES = NOUNS.slice(0, 44);
const FIELD_TYPES = [
  () => ({ type: 'string' }),
  () => ({ type: 'string', format: 'date-time' }),
  () => ({ type: 'integer', format: 'int64' }),
  () => ({ type: 'number', format: 'double' }),
  () => ({ type: 'boolean' }),
  () => ({ type: 'string', enum: ['active', 'paused', 'archived', 'deleted'] }),
  () => ({ type: 'string', nullable: true }),
  () => ({ type: 'array', items: { type: 'string' } }),
];

const schemas = {};
const paths = {};
for (const [i, r] of RESOURCES.entries()) {
  const Name = cap(r);
  const props = {
    id: { type: 'string', description: `${Name} id.`, example: `${r}_000${i}` },
    created_at: { type: 'string', format: 'date-time', description: sentence(12) },
    updated_at: { type: 'string', format: 'date-time', description: sentence(12) },
  };
  const nFields = 40 + Math.floor(rand() * 12);
  for (let f = 0; f < nFields; f++) {
    props[`${pick(WORDS)}_${pick(WORDS)}_${f}`] = {
      ...pick(FIELD_TYPES)(),
      description: sentence(32 + Math.floor(rand() * 28)),
    };
  }
  // Links between resources, some of them circular (a → b → a), and a self-reference.
  const other = cap(RESOURCES[(i + 1) % RESOURCES.length]);
  props[`related_${RESOURCES[(i + 1) % RESOURCES.length]}`] = { $ref: `#/components/schemas/${other}` };
  props.parent = { allOf: [{ $ref: `#/components/schemas/${Name}` }], nullable: true };
  props.metadata = { $ref: '#/components/schemas/Metadata' };
  schemas[Name] = {
    type: 'object',
    required: ['id', 'created_at'],
    description: sentence(30),
    properties: props,
  };
  schemas[`${Name}Page`] = {
    type: 'object',
    properties: {
      data: { type: 'array', items: { $ref: `#/components/schemas/${Name}` } },
      next_cursor: { type: 'string', nullable: true },
      total: { type: 'integer' },
    },
  };
  const listParams = [
    { $ref: '#/components/parameters/Cursor' },
    { $ref: '#/components/parameters/Limit' },
    {
      name: 'status',
      in: 'query',
      schema: { type: 'string', enum: ['active', 'paused', 'archived'] },
      description: sentence(10),
    },
    {
      name: 'since',
      in: 'query',
      schema: { type: 'string', format: 'date-time' },
      description: sentence(10),
    },
  ];
  const ok = (schema) => ({ description: sentence(8), content: { 'application/json': { schema } } });
  const errors = {
    401: { $ref: '#/components/responses/Error' },
    404: { $ref: '#/components/responses/Error' },
  };
  paths[`/${r}s`] = {
    get: {
      operationId: `list${Name}s`,
      summary: `List ${r}s`,
      description: sentence(40),
      tags: [Name],
      parameters: listParams,
      responses: { 200: ok({ $ref: `#/components/schemas/${Name}Page` }), ...errors },
    },
    post: {
      operationId: `create${Name}`,
      summary: `Create a ${r}`,
      description: sentence(40),
      tags: [Name],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } },
      },
      responses: { 201: ok({ $ref: `#/components/schemas/${Name}` }), ...errors },
    },
  };
  paths[`/${r}s/search`] = {
    post: {
      operationId: `search${Name}s`,
      summary: `Search ${r}s`,
      description: sentence(40),
      tags: [Name],
      requestBody: {
        content: {
          'application/json': {
            schema: { type: 'object', properties: { text: { type: 'string' }, cursor: { type: 'string' } } },
          },
        },
      },
      responses: { 200: ok({ $ref: `#/components/schemas/${Name}Page` }), ...errors },
    },
  };
  paths[`/${r}s/{id}`] = {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    get: {
      operationId: `get${Name}`,
      summary: `Get a ${r}`,
      description: sentence(40),
      tags: [Name],
      responses: { 200: ok({ $ref: `#/components/schemas/${Name}` }), ...errors },
    },
    patch: {
      operationId: `update${Name}`,
      summary: `Update a ${r}`,
      description: sentence(40),
      tags: [Name],
      requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } } },
      responses: { 200: ok({ $ref: `#/components/schemas/${Name}` }), ...errors },
    },
    delete: {
      operationId: `delete${Name}`,
      summary: `Delete a ${r}`,
      description: sentence(40),
      tags: [Name],
      responses: { 204: { description: 'Deleted.' }, ...errors },
    },
  };
}
schemas.Metadata = { type: 'object', additionalProperties: { type: 'string' }, description: sentence(20) };
schemas.Error = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } };

const spec = {
  openapi: '3.0.3',
  info: {
    title: 'Large Generated API',
    version: '1.0.0',
    description: 'Generated by generate.mjs: do not edit by hand.',
  },
  servers: [{ url: '/api/v3' }],
  security: [{ bearer: [] }],
  paths,
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    parameters: {
      Cursor: {
        name: 'cursor',
        in: 'query',
        schema: { type: 'string' },
        description: 'Cursor from next_cursor.',
      },
      Limit: { name: 'limit', in: 'query', schema: { type: 'integer', default: 100, maximum: 1000 } },
    },
    responses: {
      Error: {
        description: 'Error.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    schemas,
  },
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'large-spec.json');
// Formatted like the rest of the repository, so `prettier --check` passes on the output.
const prettier = await import('prettier');
const options = (await prettier.resolveConfig(out)) ?? {};
const text = await prettier.format(JSON.stringify(spec), { ...options, parser: 'json', filepath: out });
writeFileSync(out, text);
const ops = Object.values(paths).reduce(
  (n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length,
  0,
);
console.log(`wrote ${out}: ${(text.length / 1024 / 1024).toFixed(2)} MB, ${ops} operations`);
