import { Divider, Field, Stack, Text } from '@grafana/ui';
import type { ComponentType, ReactElement, ReactNode } from 'react';

import type { AuthType } from '../types';
import { AuthSection } from './AuthSection';
import { CacheSection } from './CacheSection';
import { CustomHeadersSection } from './CustomHeadersSection';
import { LimitsSection } from './LimitsSection';
import type { DsforgeConfigProps } from './options';
import { TimeoutsSection } from './TimeoutsSection';
import { UrlField } from './UrlField';

/** What a generated plugin knows about its API when it builds its config editor. */
export interface ConfigEditorOptions {
  /** Example URL for the placeholder, e.g. the spec's first server. */
  urlPlaceholder?: string;
  /** Auth types the API's securitySchemes map to; default all. */
  authTypes?: AuthType[];
  /** Auth type preselected for a new datasource. */
  defaultAuthType?: AuthType;
  /** Sections to leave out (e.g. a backend-only plugin without a cache). */
  hide?: Array<'headers' | 'timeouts' | 'cache' | 'limits'>;
  /** Extra settings the team adds, rendered under "Additional settings". */
  extra?: ComponentType<DsforgeConfigProps>;
}

function Section(props: { title: string; description?: string; children: ReactNode }): ReactElement {
  return (
    <section aria-label={props.title}>
      <Stack direction="column" gap={1}>
        <Text element="h3">{props.title}</Text>
        {props.description && (
          <Text color="secondary" element="p">
            {props.description}
          </Text>
        )}
        {props.children}
      </Stack>
    </section>
  );
}

/**
 * The datasource settings page of a generated plugin: connection, authentication, custom
 * headers, timeouts, cache and limits. Pass the result to `DataSourcePlugin.setConfigEditor`.
 *
 * @example
 * export const ConfigEditor = createConfigEditor({ authTypes: ['apiKey'], urlPlaceholder: 'https://orders.example.com' });
 */
export function createConfigEditor(opts: ConfigEditorOptions = {}): ComponentType<DsforgeConfigProps> {
  const hidden = new Set(opts.hide ?? []);
  const Extra = opts.extra;
  function ConfigEditor(props: DsforgeConfigProps): ReactElement {
    return (
      <Stack direction="column" gap={2}>
        <Section title="Connection">
          <UrlField {...props} placeholder={opts.urlPlaceholder} />
        </Section>
        <Divider />
        <Section title="Authentication">
          <AuthSection {...props} authTypes={opts.authTypes} defaultAuthType={opts.defaultAuthType} />
        </Section>
        {!hidden.has('headers') && (
          <>
            <Divider />
            <Section title="Custom HTTP headers" description="Sent with every request to the API.">
              <Field label="Headers">
                <CustomHeadersSection {...props} />
              </Field>
            </Section>
          </>
        )}
        {!(hidden.has('timeouts') && hidden.has('cache') && hidden.has('limits')) && (
          <>
            <Divider />
            <Section title="Advanced" description="Empty fields use the plugin's defaults.">
              {!hidden.has('timeouts') && <TimeoutsSection {...props} />}
              {!hidden.has('cache') && <CacheSection {...props} />}
              {!hidden.has('limits') && <LimitsSection {...props} />}
            </Section>
          </>
        )}
        {Extra && (
          <>
            <Divider />
            <Section title="Additional settings">
              <Extra {...props} />
            </Section>
          </>
        )}
      </Stack>
    );
  }
  return ConfigEditor;
}
