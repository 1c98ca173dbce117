/** @jest-environment jsdom */
import { parseVariableQuery } from './variableQuery';

describe('parseVariableQuery', () => {
  it('reads operation, parameters and field', () => {
    expect(parseVariableQuery('listCustomers?region=eu&limit=10#name')).toEqual({
      operationId: 'listCustomers',
      params: { region: 'eu', limit: '10' },
      field: 'name',
    });
  });

  it('takes an operation alone, with no parameters and the default field', () => {
    expect(parseVariableQuery(' listCustomers ')).toEqual({ operationId: 'listCustomers', params: {} });
    expect(parseVariableQuery('listCustomers#')).toEqual({ operationId: 'listCustomers', params: {} });
  });

  it('decodes parameter values as a URL query string does', () => {
    expect(parseVariableQuery('search?q=Ada%20Lovelace&tag=a+b').params).toEqual({
      q: 'Ada Lovelace',
      tag: 'a b',
    });
  });

  it('gives an empty operation for empty text, which runs nothing', () => {
    expect(parseVariableQuery('').operationId).toBe('');
    expect(parseVariableQuery('?region=eu#name').operationId).toBe('');
  });
});
