import type { ReactElement } from 'react';

import type { DsforgeConfigProps } from '../options';
import { OAuth2ClientFields } from './OAuth2ClientFields';

/** OAuth2 client credentials: the datasource has its own identity at the identity provider. */
export function OAuth2ClientCredentialsAuth(props: DsforgeConfigProps): ReactElement {
  return <OAuth2ClientFields {...props} secretRequired />;
}
