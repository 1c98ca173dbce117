/**
 * The API model of `--wrapper` and `--backend-only` packages, which start without a schema: one
 * read operation (`GET /items?q=`) returning time-stamped rows. It gives those packages the same
 * generated editor schema, typed query model, mock and tests as schema-generated ones; the team
 * then replaces the mapping in `src/backend/query.ts` with calls to their internal API.
 * @module
 */
import type { ApiModel } from '../schema';

/** The starter model; `apiKey` adds an `X-API-Key` header scheme (wrapper), else no auth. */
export function starterModel(name: string, apiKey: boolean): ApiModel {
  const row = {
    type: 'object' as const,
    required: ['time', 'name', 'value'],
    properties: {
      time: { type: 'string' as const, format: 'date-time' },
      name: { type: 'string' as const, example: 'cpu' },
      value: { type: 'number' as const, example: 0.5 },
    },
  };
  return {
    kind: 'openapi',
    specVersion: '3.1.0',
    title: name,
    version: '0.1.0',
    description: `${name}: a hand-written mapping from Grafana queries to an internal API.`,
    servers: [],
    auth: apiKey
      ? [{ scheme: 'ApiKey', provider: 'apiKey', in: 'header', name: 'X-API-Key' }]
      : [{ scheme: 'none', provider: 'none' }],
    operations: [
      {
        id: 'listItems',
        method: 'GET',
        path: '/items',
        summary: 'List items',
        description: 'Rows of the internal API, filtered by a search text.',
        tags: [],
        isQuery: true,
        queryReason: 'starter operation of a wrapper package',
        params: [
          {
            name: 'q',
            in: 'query',
            required: false,
            type: 'string',
            description: 'Search text',
            schema: { type: 'string' },
          },
        ],
        response: {
          status: '200',
          contentType: 'application/json',
          schema: { type: 'array', items: row },
          itemsPath: '',
          fields: [
            { path: 'time', type: 'time' },
            { path: 'name', type: 'string' },
            { path: 'value', type: 'number' },
          ],
          example: [{ time: '2026-01-15T09:30:00Z', name: 'cpu', value: 0.5 }],
        },
        security: apiKey ? ['ApiKey'] : [],
      },
    ],
    skipped: [],
    warnings: [],
  };
}
