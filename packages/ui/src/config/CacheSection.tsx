import type { ReactElement } from 'react';

import { NumberField } from './NumberField';
import type { DsforgeConfigProps } from './options';

/** The result cache lifetime (jsonData `cacheTtlSeconds`; 0 turns the cache off). */
export function CacheSection(props: DsforgeConfigProps): ReactElement {
  return (
    <NumberField
      {...props}
      label="Cache TTL"
      jsonKey="cacheTtlSeconds"
      integer
      suffix="s"
      placeholder="default"
      tooltip="How long identical queries are answered from the plugin's cache. 0 turns the cache off."
    />
  );
}
