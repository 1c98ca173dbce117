import { InlineField, RadioButtonGroup } from '@grafana/ui';
import type { ReactElement } from 'react';

import { withJsonData, type DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';
import { TextField } from '../TextField';

const CLIENT_AUTH = [
  { label: 'In body', value: 'body' as const },
  { label: 'Basic header', value: 'basic' as const },
];

/** Props of {@link OAuth2ClientFields}. */
export interface OAuth2ClientFieldsProps extends DsforgeConfigProps {
  /** Whether the client secret must be set (client credentials) or may be empty (public clients). */
  secretRequired: boolean;
}

/** The OAuth2 client settings both OAuth2 providers share: token URL, client, secret, scopes, audience. */
export function OAuth2ClientFields(props: OAuth2ClientFieldsProps): ReactElement {
  const { options, onOptionsChange } = props;
  const url = options.jsonData.oauth2TokenUrl ?? '';
  const urlError =
    url !== '' && !/^https?:\/\/[^\s]+$/i.test(url) ? 'Enter an absolute http(s) URL.' : undefined;
  return (
    <>
      <TextField
        {...props}
        label="Token URL"
        jsonKey="oauth2TokenUrl"
        placeholder="https://login.example.com/oauth2/token"
        required
        error={urlError}
      />
      <TextField {...props} label="Client ID" jsonKey="oauth2ClientId" required />
      <SecretField
        {...props}
        label="Client secret"
        secretKey="oauth2ClientSecret"
        required={props.secretRequired}
      />
      <InlineField label="Client authentication" labelWidth={24}>
        <RadioButtonGroup
          options={CLIENT_AUTH}
          value={options.jsonData.oauth2ClientAuth ?? 'body'}
          onChange={(v) => onOptionsChange(withJsonData(options, { oauth2ClientAuth: v }))}
        />
      </InlineField>
      <TextField
        {...props}
        label="Scopes"
        jsonKey="oauth2Scopes"
        placeholder="read:orders read:users"
        tooltip="Space- or comma-separated."
      />
      <TextField {...props} label="Audience" jsonKey="oauth2Audience" placeholder="optional" />
    </>
  );
}
