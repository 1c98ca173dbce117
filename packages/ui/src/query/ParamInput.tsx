import { InlineSwitch, Input, MultiSelect, Select, TextArea } from '@grafana/ui';
import { useEffect, useState, type ReactElement } from 'react';

import type { ParamSchema } from '../types';
import { textFromValue, valueFromText } from './schemaModel';

/** Props of {@link ParamInput}. */
export interface ParamInputProps {
  param: ParamSchema;
  value: unknown;
  onChange: (value: unknown) => void;
  /** Called when the user leaves the input (the editor runs the query then). */
  onCommit?: () => void;
  invalid?: boolean;
}

/**
 * The input for one parameter, chosen by its type: a select for enums, a multi-select for
 * enum lists, a switch for booleans, JSON text for objects, text otherwise (numbers and
 * comma-separated lists are converted as typed; `$variables` pass through).
 */
export function ParamInput({ param, value, onChange, onCommit, invalid }: ParamInputProps): ReactElement {
  const label = param.name;
  // Text inputs keep what the user typed (e.g. "1." on the way to "1.5"), re-synced when the
  // value changes from outside (operation switch, code mode).
  const [text, setText] = useState(textFromValue(param, value));
  useEffect(() => {
    if (JSON.stringify(valueFromText(param, text)) !== JSON.stringify(value))
      setText(textFromValue(param, value));
  }, [value]);

  if (param.enum && param.type === 'array') {
    return (
      <MultiSelect
        aria-label={label}
        width={40}
        options={param.enum.map((v) => ({ label: v, value: v }))}
        value={Array.isArray(value) ? (value as string[]) : []}
        allowCustomValue
        invalid={invalid}
        onChange={(vs) => {
          const list = vs.map((v) => v.value).filter((v): v is string => typeof v === 'string');
          onChange(list.length > 0 ? list : undefined);
          onCommit?.();
        }}
      />
    );
  }
  if (param.enum || param.type === 'enum') {
    return (
      <Select
        aria-label={label}
        width={40}
        options={(param.enum ?? []).map((v) => ({ label: v, value: v }))}
        value={value === undefined ? null : String(value)}
        isClearable={!param.required}
        allowCustomValue
        invalid={invalid}
        placeholder={param.required ? 'Choose' : 'Any'}
        onChange={(v) => {
          onChange(v?.value ?? undefined);
          onCommit?.();
        }}
      />
    );
  }
  if (param.type === 'boolean') {
    return (
      <InlineSwitch
        aria-label={label}
        value={value === true}
        onChange={(e) => {
          onChange(e.currentTarget.checked);
          onCommit?.();
        }}
      />
    );
  }
  if (param.type === 'object') {
    return (
      <TextArea
        aria-label={label}
        cols={40}
        rows={3}
        invalid={invalid}
        placeholder='{"key": "value"}'
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onChange(valueFromText(param, e.currentTarget.value));
        }}
        onBlur={onCommit}
      />
    );
  }
  return (
    <Input
      aria-label={label}
      width={40}
      invalid={invalid}
      inputMode={param.type === 'number' || param.type === 'integer' ? 'decimal' : undefined}
      placeholder={
        param.type === 'array' ? 'a, b, c' : param.default !== undefined ? String(param.default) : undefined
      }
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        onChange(valueFromText(param, e.currentTarget.value));
      }}
      onBlur={onCommit}
    />
  );
}
