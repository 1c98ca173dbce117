import { InlineField, Input } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';

/** Basic auth: Grafana's own `basicAuthUser` setting and the secret `basicAuthPassword`. */
export function BasicAuth(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  return (
    <>
      <InlineField label="User" labelWidth={24} required>
        <Input
          id="dsforge-basicAuthUser"
          aria-label="User"
          width={40}
          value={options.basicAuthUser ?? ''}
          onChange={(e) => onOptionsChange({ ...options, basicAuthUser: e.currentTarget.value })}
        />
      </InlineField>
      <SecretField {...props} label="Password" secretKey="basicAuthPassword" required />
    </>
  );
}
