import { readSchema } from './index';
import type { ApiModel, Operation } from './model';
import { fixture } from './test-fixtures';

const op = (m: ApiModel, id: string): Operation => {
  const found = m.operations.find((o) => o.id === id);
  if (!found) throw new Error(`no operation ${id}; have ${m.operations.map((o) => o.id).join(', ')}`);
  return found;
};
const queries = (m: ApiModel): string[] => m.operations.filter((o) => o.isQuery).map((o) => o.id);
const writes = (m: ApiModel): string[] => m.operations.filter((o) => !o.isQuery).map((o) => o.id);

describe('the orders API (OpenAPI 3.1)', () => {
  let m: ApiModel;
  beforeAll(async () => {
    m = await readSchema(fixture('orders.openapi.yaml'));
  });

  it('reads every operation with its id, method and path', () => {
    expect(m.kind).toBe('openapi');
    expect(m.specVersion).toBe('3.1.0');
    expect(m.title).toBe('Orders API');
    expect(m.operations.map((o) => `${o.method} ${o.path} ${o.id}`)).toEqual(
      expect.arrayContaining([
        'GET /orders listOrders',
        'POST /orders createOrder',
        'POST /orders/search searchOrders',
        'GET /orders/slow listOrdersSlow',
        'GET /orders/limited listOrdersRateLimited',
        'GET /orders/{orderId} getOrder',
        'DELETE /orders/{orderId} cancelOrder',
      ]),
    );
    expect(m.skipped).toEqual([]);
    expect(m.warnings).toEqual([]);
  });

  it('makes reads queries and keeps writes as non-queries with a reason', () => {
    expect(queries(m).sort()).toEqual(
      [
        'exportOrders',
        'getCustomer',
        'getOrder',
        'getOrderStats',
        'listCustomers',
        'listOrders',
        'listOrdersRateLimited',
        'listOrdersSlow',
        'searchOrders',
      ].sort(),
    );
    expect(writes(m).sort()).toEqual(
      ['cancelOrder', 'createOrder', 'getHealth', 'refundOrder', 'updateOrder'].sort(),
    );
    expect(op(m, 'searchOrders').queryReason).toMatch(/search/i);
    expect(op(m, 'createOrder').queryReason).toMatch(/write/);
    expect(op(m, 'getHealth').queryReason).toBe('marked x-dsforge-query: false');
  });

  it('maps the API key scheme with its "Token " prefix', () => {
    expect(m.auth).toEqual([
      expect.objectContaining({
        scheme: 'ApiKeyAuth',
        provider: 'apiKey',
        in: 'header',
        name: 'Authorization',
        prefix: 'Token ',
      }),
    ]);
    expect(op(m, 'listOrders').security).toEqual(['ApiKeyAuth']);
    expect(op(m, 'getHealth').security).toEqual([]);
  });

  it('flags the relative server and keeps server variables', () => {
    expect(m.servers[0]).toMatchObject({ url: '/api/v1', relative: true });
    expect(m.servers[1]).toMatchObject({
      url: 'https://{region}.orders.example.com/api/v1',
      relative: false,
      variables: { region: { default: 'eu', enum: ['eu', 'us'] } },
    });
  });

  it('detects cursor pagination from the query and from a search body', () => {
    expect(op(m, 'listOrders').pagination).toMatchObject({
      kind: 'cursor',
      requestParam: 'cursor',
      responsePath: 'next_cursor',
      limitParam: 'limit',
    });
    expect(op(m, 'searchOrders').pagination).toMatchObject({
      kind: 'cursor',
      requestParam: 'cursor',
      requestIn: 'body',
    });
    expect(op(m, 'getOrder').pagination).toBeUndefined();
    expect(op(m, 'createOrder').pagination).toBeUndefined();
  });

  it('reads parameters from $refs, path-level parameters and enums from a referenced schema', () => {
    const list = op(m, 'listOrders');
    expect(list.params.map((p) => p.name)).toEqual([
      'status',
      'customer_id',
      'created_after',
      'created_before',
      'limit',
      'cursor',
    ]);
    expect(list.params[0]).toMatchObject({ in: 'query', type: 'string', required: false });
    expect(list.params[0]!.enum).toContain('shipped');
    expect(list.params[4]).toMatchObject({ type: 'integer', default: 50 });
    expect(op(m, 'getOrder').params).toEqual([
      expect.objectContaining({ name: 'orderId', in: 'path', required: true }),
    ]);
    expect(op(m, 'getOrderStats').params.find((p) => p.name === 'from')).toMatchObject({
      required: true,
      format: 'date-time',
    });
  });

  it('finds the rows and types their fields, with 3.1 type arrays as nullable', () => {
    const res = op(m, 'listOrders').response!;
    expect(res.itemsPath).toBe('data');
    const types = Object.fromEntries(res.fields.map((f) => [f.path, f.type]));
    expect(types).toMatchObject({
      id: 'string',
      number: 'number',
      status: 'string',
      'customer.name': 'string',
      items: 'json',
      total: 'number',
      created_at: 'time',
      shipped_at: 'time',
    });
    expect(res.fields.find((f) => f.path === 'shipped_at')).toMatchObject({ nullable: true });
    expect(res.fields.find((f) => f.path === 'note')).toMatchObject({ type: 'string', nullable: true });
    expect(res.example).toMatchObject({ next_cursor: 'b3JkXzEwMDE' });
    // One order (with an `items` list) is one row, not a list of its items.
    expect(op(m, 'getOrder').response!.itemsPath).toBeUndefined();
    expect(op(m, 'getOrderStats').response!.fields).toEqual([
      { path: 'time', type: 'time' },
      { path: 'count', type: 'number' },
      { path: 'revenue', type: 'number' },
    ]);
  });

  it('reads request bodies with their content type and requiredness', () => {
    expect(op(m, 'createOrder').body).toMatchObject({ contentType: 'application/json', required: true });
    expect(op(m, 'createOrder').body!.schema.ref).toBe('NewOrder');
    expect(op(m, 'exportOrders').response).toMatchObject({ contentType: 'text/csv', fields: [] });
  });

  it('produces a model that survives JSON serialization unchanged', () => {
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});

describe('a Swagger 2.0 spec', () => {
  let m: ApiModel;
  beforeAll(async () => {
    m = await readSchema(fixture('swagger2-petstore.json'));
  });

  it('turns host, basePath and schemes into servers, https first', () => {
    expect(m.specVersion).toBe('2.0');
    expect(m.servers).toEqual([
      { url: 'https://api.petclinic.example/v2', relative: false },
      { url: 'http://api.petclinic.example/v2', relative: false },
    ]);
  });

  it('maps apiKey (header and query), basic and the oauth2 application flow', () => {
    expect(m.auth.map((a) => [a.scheme, a.provider])).toEqual([
      ['api_key', 'apiKey'],
      ['key_param', 'apiKey'],
      ['staff', 'basic'],
      ['partner', 'oauth2ClientCredentials'],
    ]);
    expect(m.auth[1]).toMatchObject({ in: 'query', name: 'api_key' });
    expect(m.auth[3]).toMatchObject({
      tokenUrl: 'https://auth.petclinic.example/oauth/token',
      scopes: ['owners:read', 'owners:write'],
    });
    expect(op(m, 'deletePet').security).toEqual(['staff']);
  });

  it('classifies findPets (POST) as a query and uploads as writes', () => {
    expect(queries(m).sort()).toEqual(['findPets', 'getPetById', 'listOwners', 'listPets', 'listVisits']);
    expect(writes(m).sort()).toEqual(['addPet', 'deletePet', 'updatePet', 'uploadPetPhoto']);
  });

  it('reads body and formData parameters as request bodies', () => {
    expect(op(m, 'addPet').body).toMatchObject({ contentType: 'application/json', required: true });
    expect(op(m, 'uploadPetPhoto').body).toMatchObject({
      contentType: 'multipart/form-data',
      schema: { properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
    });
    expect(op(m, 'listPets').params.find((p) => p.name === 'tags')).toMatchObject({
      type: 'array',
      items: { type: 'string' },
      style: 'form',
      explode: true,
    });
  });

  it('merges allOf, reads x-nullable and detects page-number, offset and Link header paging', () => {
    const pet = op(m, 'listPets').response!;
    expect(pet.itemsPath).toBe('');
    expect(pet.fields.map((f) => f.path)).toEqual(
      expect.arrayContaining(['id', 'name', 'species', 'birth_date', 'owner.name', 'chip_id']),
    );
    expect(pet.fields.find((f) => f.path === 'chip_id')).toMatchObject({ nullable: true });
    expect(pet.fields.find((f) => f.path === 'birth_date')).toMatchObject({ type: 'time' });
    expect(op(m, 'listPets').pagination).toMatchObject({
      kind: 'pageNumber',
      requestParam: 'page',
      limitParam: 'limit',
    });
    expect(op(m, 'listOwners').pagination).toMatchObject({
      kind: 'offset',
      requestParam: 'offset',
      limitParam: 'limit',
    });
    expect(op(m, 'listOwners').response!.itemsPath).toBe('owners');
    expect(op(m, 'listVisits').pagination).toMatchObject({ kind: 'linkHeader' });
    expect(op(m, 'listVisits').params.find((p) => p.in === 'header')).toMatchObject({
      name: 'X-Clinic-Id',
      required: true,
    });
  });
});

describe('a multi-file spec', () => {
  let m: ApiModel;
  beforeAll(async () => {
    m = await readSchema(fixture('multi-file'));
  });

  it('finds the root file of the directory and follows relative $refs across files', () => {
    expect(m.title).toBe('Sensors API');
    expect(m.operations.map((o) => o.id).sort()).toEqual(
      [
        'deleteSensor',
        'getSensor',
        'listReadings',
        'listSensors',
        'listZones',
        'postReadings',
        'registerSensor',
      ].sort(),
    );
    expect(op(m, 'getSensor').params).toEqual([
      expect.objectContaining({ name: 'sensorId', in: 'path', format: 'uuid' }),
    ]);
    // schemas/sensor.yaml refers to ./location.yaml, relative to itself
    expect(op(m, 'getSensor').response!.fields.map((f) => f.path)).toContain('location.lat');
    expect(op(m, 'listSensors').params.find((p) => p.name === 'kind')!.enum).toEqual([
      'temperature',
      'humidity',
      'pressure',
      'door',
    ]);
  });

  it('keeps server variables and maps bearer auth', () => {
    expect(m.servers).toEqual([
      {
        url: 'https://{tenant}.sensors.example.com/{basePath}',
        relative: false,
        variables: {
          tenant: { default: 'demo', description: 'Your tenant name' },
          basePath: { default: 'v1', enum: ['v1', 'v2beta'] },
        },
      },
    ]);
    expect(m.auth).toEqual([{ scheme: 'bearerAuth', provider: 'bearer', bearerFormat: 'JWT' }]);
  });

  it('reads 3.0 nullable, oneOf and a recursive schema without expanding it forever', () => {
    const sensor = op(m, 'getSensor').response!.fields;
    expect(sensor.find((f) => f.path === 'battery_pct')).toEqual({
      path: 'battery_pct',
      type: 'number',
      nullable: true,
    });
    const reading = op(m, 'listReadings').response!;
    expect(reading.itemsPath).toBe('readings');
    expect(reading.schema.properties!.readings!.items!.properties!.value!.oneOf).toHaveLength(3);
    expect(reading.fields.find((f) => f.path === 'quality')!.enum).toEqual(['good', 'suspect', 'bad']);
    const zone = op(m, 'listZones').response!.schema;
    expect(zone.items!.properties!.children!.items).toEqual({ ref: 'zone', circular: true });
    expect(() => JSON.stringify(m)).not.toThrow();
  });

  it('detects next-token pagination with its page size parameter', () => {
    expect(op(m, 'listSensors').pagination).toMatchObject({
      kind: 'nextToken',
      requestParam: 'page_token',
      responsePath: 'next_page_token',
      limitParam: 'page_size',
    });
  });
});

describe('OpenAPI 3.1 type arrays', () => {
  let m: ApiModel;
  beforeAll(async () => {
    m = await readSchema(fixture('openapi31-type-arrays.yaml'));
  });

  it('turns type: [x, "null"] into type x + nullable, and several types into anyOf', () => {
    const list = op(m, 'listMeasurements');
    expect(list.params.find((p) => p.name === 'station')).toMatchObject({
      type: 'string',
      nullable: true,
      example: 'ST-01',
    });
    expect(list.params.find((p) => p.name === 'min_value')).toMatchObject({ type: 'number', nullable: true });
    expect(list.params.find((p) => p.name === 'unit')).toMatchObject({
      type: 'string',
      enum: ['celsius', 'kelvin'],
      nullable: true,
    });
    expect(op(m, 'getMeasurement').params[0]!.schema.anyOf).toEqual([
      { type: 'integer' },
      { type: 'string' },
    ]);
    const row = list.response!.schema.properties!.results!.items!;
    expect(row.properties!.note).toMatchObject({ type: 'string', nullable: true, example: 'calibrated' });
    expect(row.properties!.station).toMatchObject({ type: 'object', nullable: true, ref: 'Station' });
    expect(row.properties!.kind).toEqual({ type: 'string', enum: ['temperature'] });
    expect(row.properties!.tags).toMatchObject({ type: 'array', nullable: true });
  });

  it('honours x-dsforge-query and skips a query that can only send a binary body', () => {
    expect(op(m, 'aggregateMeasurements')).toMatchObject({
      isQuery: true,
      queryReason: 'marked x-dsforge-query: true',
    });
    expect(m.skipped).toEqual([
      {
        operation: 'POST /uploads (searchUploads)',
        reason: expect.stringContaining('application/octet-stream'),
      },
    ]);
  });

  it('maps mutual TLS and OpenID Connect, and warns about what it ignores, naming where', () => {
    expect(m.auth.map((a) => [a.scheme, a.provider])).toEqual([
      ['mtls', 'mtls'],
      ['oidc', 'bearer'],
    ]);
    expect(m.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/oidc.*OpenID Connect mapped to bearer/),
        'GET /measurements (listMeasurements): cookie parameter "session" is ignored',
        'GET /measurements (listMeasurements): schema keyword "not" is ignored',
        expect.stringMatching(/^webhooks \(measurementCreated\) are ignored/),
      ]),
    );
  });

  it('follows a next-page URL in the body like a Link header', () => {
    expect(op(m, 'listMeasurements').pagination).toMatchObject({
      kind: 'linkHeader',
      responsePath: 'links.next',
      responseIsUrl: true,
    });
    expect(op(m, 'listMeasurements').response!.itemsPath).toBe('results');
  });
});
