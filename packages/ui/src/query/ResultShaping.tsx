import { InlineField, Input, MultiSelect, Select, Stack } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { OperationSchema, SchemaQuery } from '../types';

/** The shaping part of the query. */
export type Shaping = Pick<SchemaQuery, 'rootPath' | 'timeField' | 'fields'>;

/** Props of {@link ResultShaping}. */
export interface ResultShapingProps {
  operation?: OperationSchema;
  value: Shaping;
  onChange: (value: Shaping) => void;
  onCommit?: () => void;
}

/** Why a root path cannot be used, or undefined (the kit reads `$`, `$.a.b`, `$.a[0]`, `$.a[*]`). */
export function rootPathProblem(path: string | undefined): string | undefined {
  if (!path) return undefined;
  return /^\$((\.[A-Za-z_][\w-]*)|(\[(\d+|\*|'[^']*'|"[^"]*")\]))*$/.test(path)
    ? undefined
    : 'Use a JSONPath such as $.data.items or $.results[*].series.';
}

/** Where the rows are in the response, which field is time, and which fields to keep. */
export function ResultShaping({ operation, value, onChange, onCommit }: ResultShapingProps): ReactElement {
  const fieldOptions = (operation?.fields ?? []).map((f) => ({ label: f, value: f }));
  const rootProblem = rootPathProblem(value.rootPath);
  return (
    <Stack direction="column" gap={0}>
      <InlineField
        label="Root path"
        labelWidth={16}
        tooltip="JSONPath of the list of rows in the response. Empty: the whole response."
        invalid={rootProblem !== undefined}
        error={rootProblem}
      >
        <Input
          aria-label="Root path"
          width={40}
          placeholder="$.data.items"
          value={value.rootPath ?? ''}
          onChange={(e) => onChange({ ...value, rootPath: e.currentTarget.value || undefined })}
          onBlur={onCommit}
        />
      </InlineField>
      <InlineField label="Time field" labelWidth={16} tooltip="Field used as the time of each row.">
        <Select
          aria-label="Time field"
          width={40}
          options={fieldOptions}
          value={value.timeField ?? null}
          allowCustomValue
          isClearable
          placeholder="Detect"
          onChange={(v) => {
            onChange({ ...value, timeField: v?.value ?? undefined });
            onCommit?.();
          }}
        />
      </InlineField>
      <InlineField label="Fields" labelWidth={16} tooltip="Fields to keep, in order. Empty: all fields.">
        <MultiSelect
          aria-label="Fields"
          width={40}
          options={fieldOptions}
          value={value.fields ?? []}
          allowCustomValue
          placeholder="All fields"
          onChange={(vs) => {
            const fields = vs.map((v) => v.value).filter((v): v is string => typeof v === 'string');
            onChange({ ...value, fields: fields.length > 0 ? fields : undefined });
            onCommit?.();
          }}
        />
      </InlineField>
    </Stack>
  );
}
