import { InlineField, Stack, Text } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { OperationSchema } from '../types';
import { ParamInput } from './ParamInput';
import { validateParams } from './schemaModel';

/** Props of {@link ParamsForm}. */
export interface ParamsFormProps {
  operation: OperationSchema;
  params: Record<string, unknown>;
  onChange: (params: Record<string, unknown>) => void;
  onCommit?: () => void;
}

/**
 * The operation's parameters as a form: required ones first and marked, each with its
 * description as tooltip and its validation message under it.
 */
export function ParamsForm({ operation, params, onChange, onCommit }: ParamsFormProps): ReactElement {
  const problems = validateParams(operation, params);
  const ordered = [...operation.params].sort((a, b) => Number(!!b.required) - Number(!!a.required));
  if (ordered.length === 0) {
    return (
      <Text color="secondary" italic>
        This operation has no parameters.
      </Text>
    );
  }
  return (
    <Stack direction="column" gap={0}>
      {ordered.map((p) => (
        <InlineField
          key={p.name}
          label={p.name}
          labelWidth={16}
          required={p.required}
          tooltip={[p.description, `${p.type} · ${p.in}`].filter(Boolean).join(' — ')}
          invalid={problems[p.name] !== undefined}
          error={problems[p.name]}
        >
          <ParamInput
            param={p}
            value={params[p.name]}
            invalid={problems[p.name] !== undefined}
            onCommit={onCommit}
            onChange={(v) => {
              const next = { ...params };
              if (v === undefined) delete next[p.name];
              else next[p.name] = v;
              onChange(next);
            }}
          />
        </InlineField>
      ))}
    </Stack>
  );
}
