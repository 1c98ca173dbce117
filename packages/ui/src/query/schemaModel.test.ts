import { ordersQuery, ordersSchema } from '../../test/fixtures';
import type { ParamSchema } from '../types';
import {
  defaultParams,
  findOperation,
  isRunnable,
  paramProblem,
  textFromValue,
  validateParams,
  valueFromText,
  withOperation,
} from './schemaModel';

const [listOrders, getOrder] = ordersSchema.operations as [
  (typeof ordersSchema.operations)[0],
  (typeof ordersSchema.operations)[0],
];
const param = (p: Partial<ParamSchema>): ParamSchema => ({ name: 'p', in: 'query', type: 'string', ...p });

describe('schema model', () => {
  it('finds operations and their defaults', () => {
    expect(findOperation(ordersSchema, 'getOrder')?.label).toBe('Get order');
    expect(findOperation(ordersSchema, 'deleteOrder')).toBeUndefined();
    expect(defaultParams(listOrders)).toEqual({ limit: 100 });
  });

  it('switching operation keeps same-named parameters and drops the rest', () => {
    const q = ordersQuery({
      params: { limit: 5, status: 'open' },
      filters: [{ field: 'data.items.total', op: 'gt', value: '1' }],
    });
    const other = {
      ...getOrder,
      params: [...getOrder.params, { name: 'limit', in: 'query' as const, type: 'integer' as const }],
    };
    const switched = withOperation(q, listOrders, other);
    expect(switched.operationId).toBe('getOrder');
    expect(switched.params).toEqual({ limit: 5 });
    expect(switched.filters).toBeUndefined();
  });

  it('explains missing and mistyped values, and accepts template variables', () => {
    expect(paramProblem(param({ required: true }), '')).toBe('p is required.');
    expect(paramProblem(param({ type: 'integer' }), 1.5)).toBe('p must be a whole number.');
    expect(paramProblem(param({ type: 'number' }), 'abc')).toBe('p must be a number.');
    expect(paramProblem(param({ type: 'integer' }), '$limit')).toBeUndefined();
    expect(paramProblem(param({ type: 'enum', enum: ['a', 'b'] }), 'c')).toBe('p must be one of a, b.');
    expect(paramProblem(param({ type: 'array', enum: ['a'] }), ['a', 'z'])).toBe('p: z not allowed; use a.');
    expect(paramProblem(param({ type: 'object' }), 'x')).toBe('p must be a JSON object.');
  });

  it('validates every parameter of an operation and tells whether a query can run', () => {
    expect(validateParams(getOrder, {})).toEqual({ orderId: 'orderId is required.' });
    expect(isRunnable(ordersSchema, ordersQuery({ operationId: 'getOrder', params: {} }))).toBe(false);
    expect(isRunnable(ordersSchema, ordersQuery({ operationId: 'getOrder', params: { orderId: '7' } }))).toBe(
      true,
    );
    expect(isRunnable(ordersSchema, ordersQuery({ operationId: 'nope' }))).toBe(false);
  });

  it('converts input text to typed values and back', () => {
    expect(valueFromText(param({ type: 'integer' }), '42')).toBe(42);
    expect(valueFromText(param({ type: 'integer' }), 'x')).toBe('x');
    expect(valueFromText(param({ type: 'array' }), 'a, b,')).toEqual(['a', 'b']);
    expect(valueFromText(param({ type: 'object' }), '{"a":1}')).toEqual({ a: 1 });
    expect(valueFromText(param({}), '')).toBeUndefined();
    expect(textFromValue(param({ type: 'array' }), ['a', 'b'])).toBe('a, b');
    expect(textFromValue(param({ type: 'object' }), { a: 1 })).toBe('{"a":1}');
  });
});
