import { InlineField, RadioButtonGroup } from '@grafana/ui';
import type { ReactElement } from 'react';

import { withJsonData, type DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';
import { TextField } from '../TextField';

const PLACEMENTS = [
  { label: 'Header', value: 'header' as const },
  { label: 'Query parameter', value: 'query' as const },
];

/** API key auth: the key (secret), and where it goes — a header with optional prefix, or a query parameter. */
export function ApiKeyAuth(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  const where = options.jsonData.apiKeyIn ?? 'header';
  return (
    <>
      <SecretField {...props} label="API key" secretKey="apiKey" required />
      <InlineField label="Send key in" labelWidth={24}>
        <RadioButtonGroup
          options={PLACEMENTS}
          value={where}
          onChange={(v) => onOptionsChange(withJsonData(options, { apiKeyIn: v }))}
        />
      </InlineField>
      {where === 'header' ? (
        <>
          <TextField {...props} label="Header name" jsonKey="apiKeyHeader" placeholder="X-API-Key" />
          <TextField
            {...props}
            label="Value prefix"
            jsonKey="apiKeyPrefix"
            placeholder="none"
            tooltip='Text sent before the key, e.g. "Token " or "Bearer ".'
          />
        </>
      ) : (
        <TextField {...props} label="Parameter name" jsonKey="apiKeyParam" placeholder="api_key" />
      )}
    </>
  );
}
