import type { ReactElement } from 'react';

import { NumberField } from './NumberField';
import type { DsforgeConfigProps } from './options';

/** Props of {@link TimeoutsSection}. */
export interface TimeoutsSectionProps extends DsforgeConfigProps {
  /** The kit's default timeout in seconds, shown as placeholder. Default 30. */
  defaultTimeoutSeconds?: number;
}

/** The per-request timeout (jsonData `timeout`, seconds). */
export function TimeoutsSection(props: TimeoutsSectionProps): ReactElement {
  return (
    <NumberField
      {...props}
      label="Timeout"
      jsonKey="timeout"
      min={1}
      suffix="s"
      placeholder={String(props.defaultTimeoutSeconds ?? 30)}
      tooltip="How long one query may wait for the API before it fails with a timeout. Grafana's own request deadline still applies."
    />
  );
}
