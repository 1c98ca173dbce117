import type { FilterOperator } from '../types';

/** The filter builder's operators, with the symbols users know. */
export const FILTER_OPERATORS: ReadonlyArray<{ value: FilterOperator; label: string; description: string }> =
  [
    { value: 'eq', label: '=', description: 'equals' },
    { value: 'neq', label: '!=', description: 'does not equal' },
    { value: 'gt', label: '>', description: 'greater than' },
    { value: 'gte', label: '>=', description: 'greater than or equal' },
    { value: 'lt', label: '<', description: 'less than' },
    { value: 'lte', label: '<=', description: 'less than or equal' },
    { value: 'contains', label: 'contains', description: 'text contains' },
    { value: 'regex', label: '=~', description: 'matches the regular expression' },
  ];
