import { InlineField, SecretInput, SecretTextArea } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { DsforgeSecretKey } from '../types';
import { isSecretConfigured, withSecret, withSecretReset, type DsforgeConfigProps } from './options';

/** Props of {@link SecretField}. */
export interface SecretFieldProps extends DsforgeConfigProps {
  label: string;
  secretKey: DsforgeSecretKey;
  tooltip?: string;
  placeholder?: string;
  /** A text area (PEM certificates and keys) instead of a one-line input. */
  multiline?: boolean;
  required?: boolean;
  labelWidth?: number;
}

/**
 * One secret: shows "configured" with a Reset button when Grafana holds a value (read from
 * `secureJsonFields`, never the value itself), otherwise an input whose text goes to
 * `secureJsonData[secretKey]`.
 */
export function SecretField(props: SecretFieldProps): ReactElement {
  const { options, onOptionsChange, secretKey, label, tooltip, placeholder, multiline, required } = props;
  const isConfigured = isSecretConfigured(options, secretKey);
  const value = options.secureJsonData?.[secretKey] ?? '';
  const onReset = () => onOptionsChange(withSecretReset(options, secretKey));
  const id = `dsforge-secret-${secretKey}`;
  return (
    <InlineField label={label} labelWidth={props.labelWidth ?? 24} tooltip={tooltip} required={required}>
      {multiline ? (
        <SecretTextArea
          id={id}
          aria-label={label}
          isConfigured={isConfigured}
          onReset={onReset}
          placeholder={placeholder}
          cols={36}
          rows={4}
          value={value}
          onChange={(e) => onOptionsChange(withSecret(options, secretKey, e.currentTarget.value))}
        />
      ) : (
        <SecretInput
          id={id}
          aria-label={label}
          isConfigured={isConfigured}
          onReset={onReset}
          placeholder={placeholder}
          width={40}
          value={value}
          onChange={(e) => onOptionsChange(withSecret(options, secretKey, e.currentTarget.value))}
        />
      )}
    </InlineField>
  );
}
