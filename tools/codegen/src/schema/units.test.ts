import { detectPrefix, mapSecuritySchemes } from './auth';
import { classifyOperation } from './classify';
import { lineColAt } from './errors';
import { filterOperations } from './filter';
import { findJsonError } from './json-locate';
import type { ApiModel, Operation } from './model';
import { deriveOperationId } from './operations';
import { detectPagination } from './pagination';
import { RefResolver } from './refs';

describe('which operations are queries', () => {
  it.each([
    ['GET', '/orders', 'listOrders', true],
    ['POST', '/orders/search', undefined, true],
    ['POST', '/api/v2/query', 'PostQuery', true],
    ['POST', '/reports', 'exportReports', true],
    ['POST', '/lookup', undefined, true],
    ['POST', '/things', 'find_things', true],
    ['POST', '/orders', 'createOrder', false],
    ['POST', '/playlists', 'PostPlaylists', false],
    ['POST', '/orders/{query}', undefined, false],
    ['PUT', '/orders/search', 'searchOrders', false],
    ['PATCH', '/orders/1', undefined, false],
    ['DELETE', '/orders/1', 'listDelete', false],
  ])('%s %s (%s) → %s', (method, path, operationId, isQuery) => {
    expect(classifyOperation({ method, path, operationId }).isQuery).toBe(isQuery);
  });

  it('lets x-dsforge-query decide either way', () => {
    expect(classifyOperation({ method: 'POST', path: '/x', extension: true }).isQuery).toBe(true);
    expect(classifyOperation({ method: 'GET', path: '/x', extension: false }).isQuery).toBe(false);
  });
});

describe('API key prefixes', () => {
  it.each([
    [{ 'x-dsforge-prefix': 'ApiKey ' }, 'ApiKey '],
    [{ description: 'Send `Authorization: Token INFLUX_API_TOKEN`.' }, 'Token '],
    [{ description: 'Header value: authorization: Bearer <your token>' }, 'Bearer '],
    [{ description: 'Provide the word `Token` followed by a space and the key.' }, 'Token '],
    [{ description: 'The key, prefixed with `Bearer `.' }, 'Bearer '],
    [{ description: 'Your API key.' }, undefined],
    [{ description: 'Authorization: API_KEY' }, undefined],
  ])('%j → %j', (scheme, prefix) => {
    expect(detectPrefix(scheme, 'Authorization')).toBe(prefix);
  });
});

describe('pagination detection', () => {
  const q = (name: string, format?: string) => ({
    name,
    in: 'query' as const,
    required: false,
    schema: { type: 'string' as const, ...(format ? { format } : {}) },
    ...(format ? { format } : {}),
  });
  const rows = { type: 'array' as const, items: { type: 'object' as const } };

  it('does not take a date filter called "after" for a cursor', () => {
    expect(detectPagination({ params: [q('after', 'date-time')], headers: [], rows: true })).toBeUndefined();
  });

  it('takes "after" as a cursor when the response carries an end cursor', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        data: rows,
        meta: { type: 'object' as const, properties: { next_cursor: { type: 'string' as const } } },
      },
    };
    expect(detectPagination({ params: [q('after')], schema, headers: [], rows: true })).toMatchObject({
      kind: 'cursor',
      requestParam: 'after',
      responsePath: 'meta.next_cursor',
    });
  });

  it('prefers a Link header and reads per_page as the page size', () => {
    expect(
      detectPagination({ params: [q('page'), q('per_page')], headers: ['link'], rows: true }),
    ).toMatchObject({
      kind: 'linkHeader',
      limitParam: 'per_page',
    });
    expect(detectPagination({ params: [q('page'), q('per_page')], headers: [], rows: true })).toMatchObject({
      kind: 'pageNumber',
      requestParam: 'page',
      limitParam: 'per_page',
    });
  });
});

describe('operation filters', () => {
  const model = {
    kind: 'openapi',
    operations: ['listOrders', 'getOrder', 'searchOrders', 'listCustomers'].map(
      (id) => ({ id }) as Operation,
    ),
    warnings: [],
  } as unknown as ApiModel;

  it('keeps included ids (globs) minus excluded ones', () => {
    const m = filterOperations(model, { include: ['list*', 'getOrder'], exclude: ['*Customers'] });
    expect(m.operations.map((o) => o.id)).toEqual(['listOrders', 'getOrder']);
    expect(m.warnings).toEqual([]);
  });

  it('warns about a pattern that matches nothing and leaves the input model alone', () => {
    const m = filterOperations(model, { include: ['lstOrders'] });
    expect(m.operations).toEqual([]);
    expect(m.warnings).toEqual(['--include "lstOrders" matches no operation']);
    expect(model.operations).toHaveLength(4);
  });
});

describe('small helpers', () => {
  it('derives stable operation ids from method and path', () => {
    expect(deriveOperationId('get', '/orders/{orderId}/line_items')).toBe('getOrdersByOrderIdLineItems');
    expect(deriveOperationId('post', '/')).toBe('post');
  });

  it('finds the first JSON syntax error and its line', () => {
    const text = '{\n  "a": 1,\n  "b": [1, 2,]\n}';
    const err = findJsonError(text)!;
    expect(lineColAt(text, err.offset)).toEqual({ line: 3, column: 14 });
    expect(findJsonError('{"ok": [true, null, -1.5e3, "x\\"y"]}')).toBeUndefined();
  });
});

describe('security scheme mapping', () => {
  const refs = new RefResolver({ file: '/spec.yaml', text: '', data: {} });
  const map = (schemes: Record<string, unknown>) => {
    const warnings: string[] = [];
    return {
      auth: mapSecuritySchemes(schemes, '/spec.yaml', refs, false, (w) => warnings.push(w)),
      warnings,
    };
  };

  it('maps a scheme marked for token exchange to oauth2TokenExchange', () => {
    const { auth } = map({
      idp: {
        type: 'oauth2',
        'x-dsforge-token-exchange': true,
        'x-dsforge-audience': 'orders-api',
        flows: { clientCredentials: { tokenUrl: 'https://idp.example/token', scopes: { read: 'Read' } } },
      },
    });
    expect(auth).toEqual([
      {
        scheme: 'idp',
        provider: 'oauth2TokenExchange',
        tokenUrl: 'https://idp.example/token',
        scopes: ['read'],
        audience: 'orders-api',
      },
    ]);
  });

  it('warns about what the kit cannot do and falls back to no auth', () => {
    const { auth, warnings } = map({
      cookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
      digest: { type: 'http', scheme: 'digest' },
    });
    expect(auth).toEqual([{ scheme: 'none', provider: 'none' }]);
    expect(warnings).toEqual([
      'security scheme "cookie": API key in cookie is not supported (header or query only); ignored',
      'security scheme "digest": HTTP auth scheme "digest" is not supported (basic or bearer only); ignored',
    ]);
  });

  it('maps an OAuth2 scheme without client credentials to bearer, saying so', () => {
    const { auth, warnings } = map({
      user: {
        type: 'oauth2',
        flows: { authorizationCode: { authorizationUrl: 'a', tokenUrl: 't', scopes: {} } },
      },
    });
    expect(auth).toEqual([{ scheme: 'user', provider: 'bearer' }]);
    expect(warnings[0]).toMatch(/authorizationCode.*mapped to bearer/);
  });
});
