import { ordersQuery } from '../../test/fixtures';
import { applyRaw, parseRaw, queryToRaw } from './rawQuery';

describe('raw query JSON', () => {
  it('round-trips the editable part and leaves Grafana fields alone', () => {
    const q = ordersQuery({
      rootPath: '$.data.items',
      fields: ['id'],
      filters: [{ field: 'id', op: 'eq', value: '1' }],
    });
    const raw = queryToRaw(q);
    expect(JSON.parse(raw)).toEqual({
      operationId: 'listOrders',
      params: { limit: 100 },
      rootPath: '$.data.items',
      fields: ['id'],
      filters: [{ field: 'id', op: 'eq', value: '1' }],
    });
    const back = applyRaw({ refId: 'B', operationId: '', params: {} }, raw);
    expect(back).toMatchObject({
      refId: 'B',
      operationId: 'listOrders',
      rootPath: '$.data.items',
      rawMode: true,
      raw,
    });
  });

  it('names what is wrong with unusable text', () => {
    expect(parseRaw('{')).toMatchObject({ ok: false, error: expect.stringContaining('does not parse') });
    expect(parseRaw('[]')).toMatchObject({ ok: false, error: expect.stringContaining('JSON object') });
    expect(parseRaw('{"operationId": 1}')).toMatchObject({
      ok: false,
      error: '"operationId" must be a string.',
    });
    expect(parseRaw('{"operationId": "a", "limit": 1}')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Unknown key limit'),
    });
    expect(parseRaw('{"operationId": "a", "filters": [{"field": "x"}]}')).toMatchObject({ ok: false });
  });

  it('keeps typed text that does not parse without touching the structured query', () => {
    const q = ordersQuery();
    const next = applyRaw(q, '{"operationId": "get');
    expect(next.raw).toBe('{"operationId": "get');
    expect(next.operationId).toBe('listOrders');
  });
});
