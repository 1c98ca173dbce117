import { ordersSchema } from '../../test/fixtures';
import { jsonContextAt } from './jsonContext';
import { applySuggestion, rootPathCandidates, suggest } from './suggest';

/** Suggestions at the `|` in `marked`. */
function at(marked: string) {
  const cursor = marked.indexOf('|');
  const text = marked.slice(0, cursor) + marked.slice(cursor + 1);
  return { text, items: suggest(ordersSchema, text, cursor) };
}

const labels = (marked: string) => at(marked).items.map((s) => s.label);

describe('jsonContextAt', () => {
  it('knows a key is being typed inside params', () => {
    const text = '{"operationId": "x", "params": {"li';
    expect(jsonContextAt(text, text.length)).toMatchObject({
      path: ['params'],
      role: 'key',
      inString: true,
      partial: 'li',
    });
  });

  it('knows a value is being typed for a key, and the array index inside lists', () => {
    expect(jsonContextAt('{"timeField": ', 14)).toMatchObject({ path: [], role: 'value', key: 'timeField' });
    const text = '{"fields": ["a", "';
    expect(jsonContextAt(text, text.length)).toMatchObject({ path: ['fields'], role: 'value', index: 1 });
  });

  it('ignores braces and escaped quotes inside strings', () => {
    const text = '{"rootPath": "a\\"{[", "par';
    expect(jsonContextAt(text, text.length)).toMatchObject({ path: [], role: 'key', partial: 'par' });
  });
});

describe('suggest', () => {
  it('suggests top-level keys in an empty object', () => {
    expect(labels('{|}')).toEqual(['operationId', 'params', 'rootPath', 'timeField', 'fields', 'filters']);
  });

  it('suggests operation ids, matching what is typed (prefix first, then contains)', () => {
    expect(labels('{"operationId": "|"}')).toEqual(['listOrders', 'getOrder', 'searchCustomers']);
    expect(labels('{"operationId": "ord|"}')).toEqual(['listOrders', 'getOrder']);
    expect(labels('{"operationId": "get|"}')).toEqual(['getOrder']);
  });

  it('suggests the parameters of the operation named in the text, with type and required', () => {
    const { items } = at('{"operationId": "getOrder", "params": {|}}');
    expect(items.map((s) => s.label)).toEqual(['orderId']);
    expect(items[0]).toMatchObject({
      kind: 'param',
      detail: 'string, required (path)',
      insertText: '"orderId": ',
    });
  });

  it('suggests enum values for enum parameters and inside enum lists', () => {
    expect(labels('{"operationId": "listOrders", "params": {"status": "|"}}')).toEqual([
      'open',
      'paid',
      'shipped',
      'cancelled',
    ]);
    expect(labels('{"operationId": "listOrders", "params": {"region": ["eu", "|"]}}')).toEqual([
      'eu',
      'us',
      'apac',
    ]);
  });

  it('suggests true/false for booleans as JSON literals', () => {
    const { items } = at('{"operationId": "listOrders", "params": {"includeItems": |}}');
    expect(items.map((s) => s.insertText)).toEqual(['true', 'false']);
  });

  it('suggests field paths for timeField, fields and filter fields, and operators for filter ops', () => {
    expect(labels('{"operationId": "listOrders", "timeField": "crea|"}')).toEqual(['data.items.createdAt']);
    expect(labels('{"operationId": "listOrders", "fields": ["|"]}')).toHaveLength(5);
    expect(labels('{"operationId": "listOrders", "filters": [{"field": "|"}]}')).toEqual([
      'data.items.status',
      'data.items.total',
    ]);
    expect(labels('{"operationId": "listOrders", "filters": [{"field": "x", "op": "|"}]}')).toContain(
      'regex',
    );
    expect(labels('{"operationId": "listOrders", "filters": [{|}]}')).toEqual(['field', 'op', 'value']);
  });

  it('suggests root paths built from the field paths', () => {
    expect(rootPathCandidates(ordersSchema.operations[0])).toEqual([
      '$',
      '$.data',
      '$.data.items',
      '$.data.items.customer',
    ]);
    expect(labels('{"operationId": "listOrders", "rootPath": "$.data.i|"}')).toEqual([
      '$.data.items',
      '$.data.items.customer',
    ]);
  });

  it('offers nothing after a complete value or for unknown places', () => {
    expect(labels('{"operationId": "getOrder"|}')).toEqual([]);
    expect(labels('{"params": {"unknown": "|"}}')).toEqual([]);
  });

  it('replaces the whole token under the cursor, closing quote included', () => {
    const { text, items } = at('{"operationId": "li|stXX"}');
    const first = items.find((s) => s.label === 'listOrders');
    expect(first).toBeDefined();
    expect(applySuggestion(text, first!).text).toBe('{"operationId": "listOrders"}');
  });

  it('quotes an unquoted key and adds the colon', () => {
    const { text, items } = at('{"operationId": "getOrder", "params": {ord|}}');
    const r = applySuggestion(text, items[0]!);
    expect(r.text).toBe('{"operationId": "getOrder", "params": {"orderId": }}');
    expect(r.text.slice(0, r.cursor)).toBe('{"operationId": "getOrder", "params": {"orderId": ');
  });
});
