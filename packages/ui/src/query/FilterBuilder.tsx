import { Button, IconButton, Input, Select, Stack } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { FilterOperator, QueryFilter } from '../types';
import { FILTER_OPERATORS } from './filterOperators';

/** Props of {@link FilterBuilder}. */
export interface FilterBuilderProps {
  /** Fields the operation can filter on. */
  fields: string[];
  filters: QueryFilter[];
  onChange: (filters: QueryFilter[]) => void;
  onCommit?: () => void;
}

/** Filter rows — field, operator, value — combined with AND. */
export function FilterBuilder({ fields, filters, onChange, onCommit }: FilterBuilderProps): ReactElement {
  const set = (i: number, patch: Partial<QueryFilter>) =>
    onChange(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <Stack direction="column" gap={1}>
      {filters.map((f, i) => (
        <Stack key={i} direction="row" gap={1} alignItems="center">
          <Select
            aria-label={`Filter ${i + 1} field`}
            width={30}
            options={fields.map((x) => ({ label: x, value: x }))}
            value={f.field || null}
            allowCustomValue
            onChange={(v) => {
              set(i, { field: v.value ?? '' });
              onCommit?.();
            }}
          />
          <Select<FilterOperator>
            aria-label={`Filter ${i + 1} operator`}
            width={14}
            options={FILTER_OPERATORS.map((o) => ({
              label: o.label,
              value: o.value,
              description: o.description,
            }))}
            value={f.op}
            onChange={(v) => {
              set(i, { op: v.value ?? 'eq' });
              onCommit?.();
            }}
          />
          <Input
            aria-label={`Filter ${i + 1} value`}
            width={24}
            value={f.value}
            onChange={(e) => set(i, { value: e.currentTarget.value })}
            onBlur={onCommit}
          />
          <IconButton
            name="trash-alt"
            aria-label={`Remove filter ${i + 1}`}
            tooltip="Remove filter"
            onClick={() => {
              onChange(filters.filter((_, j) => j !== i));
              onCommit?.();
            }}
          />
        </Stack>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          onClick={() => onChange([...filters, { field: fields[0] ?? '', op: 'eq', value: '' }])}
        >
          Add filter
        </Button>
      </div>
    </Stack>
  );
}
