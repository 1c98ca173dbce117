import type { ReactElement } from 'react';

import type { DsforgeConfigProps } from '../options';
import { SecretField } from '../SecretField';

/** Bearer token auth: a fixed token (personal access or service-account token) sent as `Authorization: Bearer`. */
export function BearerAuth(props: DsforgeConfigProps): ReactElement {
  return <SecretField {...props} label="Bearer token" secretKey="bearerToken" required />;
}
