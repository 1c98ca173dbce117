import { InlineField, Input } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { DsforgeJsonData } from '../types';
import { withJsonData, type DsforgeConfigProps } from './options';

/** jsonData keys holding text. */
export type TextJsonKey = {
  [K in keyof DsforgeJsonData]-?: string extends NonNullable<DsforgeJsonData[K]> ? K : never;
}[keyof DsforgeJsonData] &
  string;

/** Props of {@link TextField}. */
export interface TextFieldProps extends DsforgeConfigProps {
  label: string;
  jsonKey: TextJsonKey;
  tooltip?: string;
  placeholder?: string;
  required?: boolean;
  /** Shown under the field and marks it invalid. */
  error?: string;
  labelWidth?: number;
}

/** A plain jsonData text setting. An emptied input removes the key, so the kit's default applies. */
export function TextField(props: TextFieldProps): ReactElement {
  const { options, onOptionsChange, jsonKey, label } = props;
  const value = (options.jsonData as Record<string, unknown>)[jsonKey];
  return (
    <InlineField
      label={label}
      labelWidth={props.labelWidth ?? 24}
      tooltip={props.tooltip}
      required={props.required}
      invalid={props.error !== undefined}
      error={props.error}
    >
      <Input
        id={`dsforge-${jsonKey}`}
        aria-label={label}
        width={40}
        placeholder={props.placeholder}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => {
          const text = e.currentTarget.value;
          onOptionsChange(withJsonData(options, { [jsonKey]: text === '' ? undefined : text }));
        }}
      />
    </InlineField>
  );
}
