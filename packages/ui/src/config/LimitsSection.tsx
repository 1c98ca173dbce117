import type { ReactElement } from 'react';

import { NumberField } from './NumberField';
import type { DsforgeConfigProps } from './options';

/** Outbound limits: concurrent requests (`maxConcurrent`) and requests per second (`rateLimitPerSecond`). */
export function LimitsSection(props: DsforgeConfigProps): ReactElement {
  return (
    <>
      <NumberField
        {...props}
        label="Max concurrent requests"
        jsonKey="maxConcurrent"
        integer
        min={1}
        placeholder="10"
        tooltip="Requests this datasource sends to the API at the same time; more wait or fail fast as busy."
      />
      <NumberField
        {...props}
        label="Requests per second"
        jsonKey="rateLimitPerSecond"
        placeholder="no limit"
        tooltip="Upper bound on requests per second to the API, to stay under its rate limit. 0 or empty: no limit."
      />
    </>
  );
}
