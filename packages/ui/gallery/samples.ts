/**
 * Sample props for the gallery: a generated "orders" plugin's settings, queries and errors.
 * @module
 */
import type { DsforgeSettings } from '../src/config/options';
import type { DsforgeErrorInfo } from '../src/errors/readDsforgeError';
import type { DsforgeJsonData, QueryEditorSchema, SchemaQuery } from '../src/types';

export { ordersSchema } from '../test/fixtures';

/** Settings as Grafana passes them for a saved datasource. */
export function settings(jsonData: DsforgeJsonData, extra: Partial<DsforgeSettings> = {}): DsforgeSettings {
  return {
    id: 1,
    uid: 'orders',
    orgId: 1,
    name: 'Orders API',
    typeLogoUrl: '',
    type: 'acme-orders-datasource',
    typeName: 'Orders API',
    access: 'proxy',
    url: 'https://orders.example.com/api/v2',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...extra,
  };
}

/** The config editor's sample: API key in a header, a custom header, limits. */
export const configSample = settings(
  {
    authType: 'apiKey',
    apiKeyHeader: 'X-API-Key',
    httpHeaderName1: 'X-Tenant',
    timeout: 20,
    maxConcurrent: 8,
  },
  { secureJsonFields: { apiKey: true, httpHeaderValue1: true } },
);

/** One sample per auth provider. */
export const authSamples: Array<{ title: string; options: DsforgeSettings }> = [
  {
    title: 'API key (query parameter)',
    options: settings({ authType: 'apiKey', apiKeyIn: 'query', apiKeyParam: 'key' }),
  },
  {
    title: 'Basic auth',
    options: settings(
      { authType: 'basic' },
      { basicAuth: true, basicAuthUser: 'grafana', secureJsonFields: { basicAuthPassword: true } },
    ),
  },
  { title: 'Bearer token', options: settings({ authType: 'bearer' }) },
  {
    title: 'OAuth2 client credentials',
    options: settings(
      {
        authType: 'oauth2ClientCredentials',
        oauth2TokenUrl: 'https://login.example.com/oauth2/token',
        oauth2ClientId: 'grafana',
        oauth2Scopes: 'orders:read',
      },
      { secureJsonFields: { oauth2ClientSecret: true } },
    ),
  },
  {
    title: 'OAuth2 token exchange',
    options: settings({
      authType: 'oauth2TokenExchange',
      oauth2TokenUrl: 'https://login.example.com/oauth2/token',
      oauth2ClientId: 'grafana',
      tokenExchangeSubjectSource: 'accessToken',
    }),
  },
  { title: 'Login', options: settings({ authType: 'login', loginPath: '/api/login', loginUsername: 'svc' }) },
  {
    title: 'Mutual TLS',
    options: settings(
      { authType: 'mtls', serverName: 'orders.internal' },
      { secureJsonFields: { tlsClientCert: true } },
    ),
  },
  { title: 'No authentication', options: settings({ authType: 'none' }) },
];

/** A builder-mode query with filters and shaping. */
export const builderQuery: SchemaQuery = {
  refId: 'A',
  operationId: 'listOrders',
  params: { status: 'paid', limit: 50, region: ['eu', 'us'] },
  filters: [{ field: 'data.items.total', op: 'gt', value: '100' }],
  rootPath: '$.data.items',
  timeField: 'data.items.createdAt',
  fields: ['data.items.id', 'data.items.total'],
};

/** A query missing its required parameter (shows validation). */
export const invalidQuery: SchemaQuery = { refId: 'B', operationId: 'getOrder', params: {} };

/** A code-mode query; the gallery puts the cursor in the status value to show suggestions. */
export const codeText = '{\n  "operationId": "listOrders",\n  "params": {\n    "status": ""\n  }\n}';
export const codeQuery: SchemaQuery = {
  refId: 'C',
  operationId: 'listOrders',
  params: {},
  rawMode: true,
  raw: codeText,
};

/** Errors as the kit reports them. */
export const errorSamples: DsforgeErrorInfo[] = [
  {
    category: 'authentication_failed',
    label: 'Authentication failed',
    message: 'Datasource authentication failed. Credentials might be expired.',
    suggestion: 'Contact an admin to refresh them.',
    retryable: false,
    correlationId: '7f3c9a12-5b1e-4c1a-9d0e-2a4b6c8d0e1f',
    details: { upstreamStatus: 401, endpoint: 'GET /orders' },
    status: 401,
    structured: true,
  },
  {
    category: 'rate_limited',
    label: 'Rate limited',
    message: 'The upstream is rate limiting requests.',
    suggestion: 'Wait a moment and try again, or refresh dashboards less often.',
    retryable: true,
    retryAfterMs: 12_000,
    correlationId: 'b2d4f6a8-0000-4000-8000-000000000001',
    status: 429,
    structured: true,
  },
  {
    category: 'unknown',
    label: 'Query failed',
    message: 'upstream rejected the query: scenario error',
    retryable: false,
    status: 400,
    structured: false,
  },
];

/** Type-only re-export so the gallery stays in sync with the schema type. */
export type { QueryEditorSchema };
