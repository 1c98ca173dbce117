import { InlineField, Input } from '@grafana/ui';
import { useState, type ReactElement } from 'react';

import type { DsforgeJsonData } from '../types';
import { parseNumberInput, withJsonData, type DsforgeConfigProps } from './options';

/** jsonData keys holding numbers. */
export type NumberJsonKey = 'timeout' | 'cacheTtlSeconds' | 'maxConcurrent' | 'rateLimitPerSecond';

/** Props of {@link NumberField}. */
export interface NumberFieldProps extends DsforgeConfigProps {
  label: string;
  jsonKey: NumberJsonKey;
  tooltip?: string;
  /** Shown as placeholder: the value the kit uses when the field is empty. */
  placeholder?: string;
  /** Smallest accepted value (inclusive). Default 0. */
  min?: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** Unit shown after the input. */
  suffix?: string;
  labelWidth?: number;
}

function numberPatch(key: NumberJsonKey, n: number): Partial<DsforgeJsonData> {
  const patch: Partial<DsforgeJsonData> = {};
  patch[key] = n;
  return patch;
}

/** Why `n` is not acceptable, or undefined when it is. */
export function numberProblem(n: number, min: number, integer: boolean): string | undefined {
  if (Number.isNaN(n)) return 'Enter a number.';
  if (integer && !Number.isInteger(n)) return 'Enter a whole number.';
  if (n < min) return `Enter ${min} or more.`;
  return undefined;
}

/**
 * A numeric jsonData setting. Only valid numbers are saved; while the text is invalid the field
 * shows why and the previous value stays in the settings. Empty removes the key (kit default).
 */
export function NumberField(props: NumberFieldProps): ReactElement {
  const { options, onOptionsChange, jsonKey, label } = props;
  const saved = (options.jsonData as DsforgeJsonData)[jsonKey];
  const [text, setText] = useState(saved === undefined ? '' : String(saved));
  const parsed = parseNumberInput(text);
  const error = parsed === undefined ? undefined : numberProblem(parsed, props.min ?? 0, !!props.integer);
  return (
    <InlineField
      label={label}
      labelWidth={props.labelWidth ?? 24}
      tooltip={props.tooltip}
      invalid={error !== undefined}
      error={error}
    >
      <Input
        id={`dsforge-${jsonKey}`}
        aria-label={label}
        width={20}
        inputMode="decimal"
        placeholder={props.placeholder}
        suffix={props.suffix}
        value={text}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const n = parseNumberInput(next);
          if (n === undefined) onOptionsChange(withJsonData(options, { [jsonKey]: undefined }));
          else if (numberProblem(n, props.min ?? 0, !!props.integer) === undefined)
            onOptionsChange(withJsonData(options, numberPatch(jsonKey, n)));
        }}
      />
    </InlineField>
  );
}
