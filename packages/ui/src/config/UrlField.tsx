import { InlineField, Input } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { DsforgeConfigProps } from './options';

/** Props of {@link UrlField}. */
export interface UrlFieldProps extends DsforgeConfigProps {
  /** Example URL shown when empty, e.g. the spec's first server. */
  placeholder?: string;
  tooltip?: string;
  labelWidth?: number;
}

/** Why `url` cannot be the datasource URL, or undefined when it can (empty is reported as required). */
export function urlProblem(url: string): string | undefined {
  const t = url.trim();
  if (t === '') return 'The URL is required: the backend sends every request to it.';
  let parsed: URL;
  try {
    parsed = new URL(t);
  } catch {
    return 'Enter an absolute URL such as https://api.example.com.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `The URL must start with http:// or https://, not ${parsed.protocol}//.`;
  }
  return undefined;
}

/** The datasource URL (Grafana's top-level `url` setting), with a validation message. */
export function UrlField(props: UrlFieldProps): ReactElement {
  const { options, onOptionsChange } = props;
  const error = urlProblem(options.url ?? '');
  return (
    <InlineField
      label="URL"
      labelWidth={props.labelWidth ?? 24}
      tooltip={props.tooltip ?? 'Base URL of the API; relative server paths of the API are joined to it.'}
      required
      invalid={error !== undefined}
      error={error}
    >
      <Input
        id="dsforge-url"
        aria-label="URL"
        width={40}
        placeholder={props.placeholder ?? 'https://api.example.com'}
        value={options.url ?? ''}
        onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
      />
    </InlineField>
  );
}
