import { createConfigEditor, type DsforgeConfigProps, type DsforgeJsonData } from '@dsforge/ui';
import { InlineField, InlineSwitch } from '@grafana/ui';
import type { ReactElement } from 'react';

/** `jsonData.failHealth`: makes the backend's health check fail, to see the error path. */
function FailHealthSwitch(props: DsforgeConfigProps): ReactElement {
  const jsonData: DsforgeJsonData & { failHealth?: boolean } = props.options.jsonData;
  return (
    <InlineField label="Fail health check" labelWidth={24} tooltip="Save & test then reports an error">
      <InlineSwitch
        value={jsonData.failHealth === true}
        onChange={(e) =>
          props.onOptionsChange({
            ...props.options,
            // failHealth is the example backend's own setting, not one of the kit's keys.
            jsonData: { ...jsonData, failHealth: e.currentTarget.checked } as DsforgeJsonData,
          })
        }
      />
    </InlineField>
  );
}

/** The example's settings page: no auth or an API key (never echoed back), timeouts, the switch. */
export const ConfigEditor = createConfigEditor({
  urlPlaceholder: 'not used by the example backend',
  authTypes: ['none', 'apiKey'],
  defaultAuthType: 'none',
  hide: ['headers', 'cache', 'limits'],
  extra: FailHealthSwitch,
});
