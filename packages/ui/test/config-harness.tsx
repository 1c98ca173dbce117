import { render, type RenderResult } from '@testing-library/react';
import { useState, type ComponentType, type ReactElement } from 'react';

import type { DsforgeConfigProps, DsforgeSettings } from '../src/config/options';
import type { DsforgeJsonData } from '../src/types';

/** A new datasource's settings as Grafana passes them to the config editor. */
export function makeSettings(
  jsonData: DsforgeJsonData = {},
  extra: Partial<DsforgeSettings> = {},
): DsforgeSettings {
  return {
    id: 1,
    uid: 'ds-uid',
    orgId: 1,
    name: 'Orders',
    typeLogoUrl: '',
    type: 'acme-orders-datasource',
    typeName: 'Orders',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...extra,
  };
}

/**
 * Renders a config part the way Grafana does: controlled, with every `onOptionsChange` fed back.
 * `latest()` is the settings Grafana would save now.
 */
export function renderConfig<P extends object>(
  Component: ComponentType<DsforgeConfigProps & P>,
  initial: DsforgeSettings,
  extraProps?: P,
): RenderResult & { latest: () => DsforgeSettings } {
  let current = initial;
  function Host(): ReactElement {
    const [options, setOptions] = useState(initial);
    return (
      <Component
        {...(extraProps as P)}
        options={options}
        onOptionsChange={(o) => {
          current = o;
          setOptions(o);
        }}
      />
    );
  }
  const result = render(<Host />);
  return { ...result, latest: () => current };
}
