import type { ReactElement } from 'react';

import type { DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';
import { TlsOptions } from './TlsOptions';

/** Mutual TLS: a client certificate and key (PEM secrets), an optional CA, and server verification options. */
export function MtlsAuth(props: DsforgeConfigProps): ReactElement {
  return (
    <>
      <SecretField
        {...props}
        label="Client certificate"
        secretKey="tlsClientCert"
        multiline
        required
        placeholder="-----BEGIN CERTIFICATE-----"
      />
      <SecretField
        {...props}
        label="Client key"
        secretKey="tlsClientKey"
        multiline
        required
        placeholder="-----BEGIN PRIVATE KEY-----"
      />
      <TlsOptions {...props} />
    </>
  );
}
