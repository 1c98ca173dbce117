import { readSchema } from './index';
import type { ApiModel } from './model';
import { INFLUXDB_SPEC, fixture } from './test-fixtures';

describe('the InfluxDB OSS v2 spec', () => {
  let m: ApiModel;
  beforeAll(async () => {
    m = await readSchema(INFLUXDB_SPEC);
  });

  it('reads all 225 operations, queries and writes apart, without crashing', () => {
    expect(m.operations.length + m.skipped.length).toBe(225);
    expect(m.operations).toHaveLength(224);
    const count = (method: string, isQuery: boolean): number =>
      m.operations.filter((o) => o.method === method && o.isQuery === isQuery).length;
    expect(m.operations.filter((o) => o.isQuery)).toHaveLength(97);
    expect(count('GET', true)).toBe(93);
    expect(count('POST', true)).toBe(4);
    expect(m.operations.filter((o) => !o.isQuery)).toHaveLength(127);
    expect(['PUT', 'PATCH', 'DELETE'].some((method) => count(method, true) > 0)).toBe(false);
    expect(
      m.operations
        .filter((o) => o.method === 'POST' && o.isQuery)
        .map((o) => o.id)
        .sort(),
    ).toEqual(['ExportTemplate', 'PostQuery', 'PostQueryAnalyze', 'PostQueryAst']);
  });

  it('names the operation it skips, and why', () => {
    expect(m.skipped).toEqual([
      {
        operation: 'PUT /me/password (PutMePassword)',
        reason: 'required cookie parameter "influxdb-oss-session" is not supported',
      },
    ]);
    expect(m.warnings).toEqual([expect.stringMatching(/^PUT \/me\/password \(PutMePassword\) skipped: /)]);
  });

  it('maps token auth with the "Token " prefix read from the description, and the relative server', () => {
    expect(m.auth.map(({ description: _d, ...a }) => a)).toEqual([
      {
        scheme: 'TokenAuthentication',
        provider: 'apiKey',
        in: 'header',
        name: 'Authorization',
        prefix: 'Token ',
      },
      { scheme: 'BasicAuthentication', provider: 'basic' },
    ]);
    expect(m.servers).toEqual([{ url: '/api/v2', relative: true }]);
  });

  it('finds the rows of list endpoints and their paging', () => {
    const buckets = m.operations.find((o) => o.id === 'GetBuckets')!;
    expect(buckets.response!.itemsPath).toBe('buckets');
    expect(buckets.pagination).toMatchObject({ kind: 'offset', requestParam: 'offset', limitParam: 'limit' });
    const query = m.operations.find((o) => o.id === 'PostQuery')!;
    expect(query.body).toMatchObject({
      contentType: 'application/json',
      contentTypes: ['application/json', 'application/vnd.flux'],
    });
    expect(() => JSON.stringify(m)).not.toThrow();
  });
});

describe('a generated spec over 1 MB', () => {
  it('reads 200+ operations well within the time bound', async () => {
    const started = performance.now();
    const m = await readSchema(fixture('large/large-spec.json'));
    const ms = performance.now() - started;
    expect(m.operations.length).toBeGreaterThanOrEqual(200);
    expect(m.skipped).toEqual([]);
    // The target is 10 s (see bench/schema-read.bench.ts); a shared CI machine gets slack.
    expect(ms).toBeLessThan(60_000);
    // Recursive links (parent, a → b → a) are cut, so the model serializes.
    expect(JSON.stringify(m).length).toBeGreaterThan(0);
  });
});
