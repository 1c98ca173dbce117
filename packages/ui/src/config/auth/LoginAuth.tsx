import { InlineField, Input } from '@grafana/ui';
import type { ReactElement } from 'react';

import { withJsonData, type DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';
import { TextField } from '../TextField';

/** Login auth: the backend posts user name and password to a login endpoint and sends the returned token. */
export function LoginAuth(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  return (
    <>
      <TextField {...props} label="Login path" jsonKey="loginPath" placeholder="/login" />
      <InlineField label="User name" labelWidth={24} required>
        <Input
          id="dsforge-loginUsername"
          aria-label="User name"
          width={40}
          value={options.jsonData.loginUsername ?? ''}
          onChange={(e) =>
            onOptionsChange(withJsonData(options, { loginUsername: e.currentTarget.value || undefined }))
          }
        />
      </InlineField>
      <SecretField {...props} label="Password" secretKey="password" required />
      <TextField
        {...props}
        label="Token path"
        jsonKey="loginTokenPath"
        placeholder="token"
        tooltip="Dotted path of the token in the login answer, e.g. data.token."
      />
    </>
  );
}
