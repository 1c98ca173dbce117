import { InlineField, InlineSwitch } from '@grafana/ui';
import type { ReactElement } from 'react';

import { withJsonData, type DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';
import { TextField } from '../TextField';

/** Server verification: a custom CA (PEM secret), the expected server name, and skip-verify. */
export function TlsOptions(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  return (
    <>
      <SecretField
        {...props}
        label="CA certificate"
        secretKey="tlsCACert"
        multiline
        placeholder="-----BEGIN CERTIFICATE----- (optional)"
      />
      <TextField
        {...props}
        label="Server name"
        jsonKey="serverName"
        placeholder="optional"
        tooltip="Name expected in the server's certificate, when it differs from the URL's host."
      />
      <InlineField
        label="Skip TLS verify"
        labelWidth={24}
        tooltip="Accept any server certificate. Only for testing: it allows man-in-the-middle attacks."
      >
        <InlineSwitch
          aria-label="Skip TLS verify"
          value={options.jsonData.tlsSkipVerify ?? false}
          onChange={(e) => onOptionsChange(withJsonData(options, { tlsSkipVerify: e.currentTarget.checked }))}
        />
      </InlineField>
    </>
  );
}
