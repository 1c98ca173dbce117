import { InlineField, Select } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { QueryEditorSchema } from '../types';

/** Props of {@link OperationPicker}. */
export interface OperationPickerProps {
  schema: QueryEditorSchema;
  value?: string;
  onChange: (operationId: string) => void;
}

/** Picks one of the schema's (read) operations; an unknown saved id is shown as such. */
export function OperationPicker({ schema, value, onChange }: OperationPickerProps): ReactElement {
  const options = schema.operations.map((o) => ({ label: o.label, value: o.id, description: o.description }));
  const known = value === undefined || value === '' || options.some((o) => o.value === value);
  return (
    <InlineField
      label="Operation"
      labelWidth={16}
      invalid={!known}
      error={known ? undefined : `Operation "${value}" is not in this datasource's API; pick another.`}
    >
      <Select
        inputId="dsforge-operation"
        aria-label="Operation"
        width={40}
        placeholder="Choose an operation"
        options={options}
        value={value || null}
        onChange={(v) => v.value && onChange(v.value)}
      />
    </InlineField>
  );
}
