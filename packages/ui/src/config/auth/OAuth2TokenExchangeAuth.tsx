import { Alert, InlineField, InlineSwitch, RadioButtonGroup, Select } from '@grafana/ui';
import type { ReactElement } from 'react';

import type { SubjectTokenSource } from '../../types';
import { withJsonData, type DsforgeConfigProps } from '../options';
import { OAuth2ClientFields } from './OAuth2ClientFields';

const SOURCES: Array<{ label: string; value: SubjectTokenSource; description: string }> = [
  {
    label: 'Grafana ID token',
    value: 'grafanaIdToken',
    description: "Grafana's signed user token (needs the idForwarding feature).",
  },
  {
    label: 'OAuth access token',
    value: 'accessToken',
    description: "The signed-in user's OAuth access token (needs Forward OAuth Identity).",
  },
  {
    label: 'OAuth ID token',
    value: 'idToken',
    description: "The signed-in user's OAuth ID token (needs Forward OAuth Identity).",
  },
];

const NO_USER = [
  { label: 'Fail', value: 'fail' as const },
  { label: 'Use client credentials', value: 'clientCredentials' as const },
];

/**
 * OAuth2 token exchange (RFC 8693): each query runs as the signed-in user, whose token is
 * exchanged for one the API accepts. Requests without a user (alerting) fail or use the client's
 * own identity.
 */
export function OAuth2TokenExchangeAuth(props: DsforgeConfigProps): ReactElement {
  const { options, onOptionsChange } = props;
  const source = options.jsonData.tokenExchangeSubjectSource ?? 'grafanaIdToken';
  const noUser = options.jsonData.tokenExchangeNoUser ?? 'fail';
  const needsPassThru = source !== 'grafanaIdToken';
  return (
    <>
      <OAuth2ClientFields {...props} secretRequired={noUser === 'clientCredentials'} />
      <InlineField label="Subject token" labelWidth={24} tooltip="Which user token is exchanged.">
        <Select
          inputId="dsforge-tokenExchangeSubjectSource"
          aria-label="Subject token"
          width={40}
          options={SOURCES}
          value={source}
          onChange={(v) =>
            v.value && onOptionsChange(withJsonData(options, { tokenExchangeSubjectSource: v.value }))
          }
        />
      </InlineField>
      {needsPassThru && (
        <InlineField label="Forward OAuth Identity" labelWidth={24}>
          <InlineSwitch
            aria-label="Forward OAuth Identity"
            value={options.jsonData.oauthPassThru ?? false}
            onChange={(e) =>
              onOptionsChange(withJsonData(options, { oauthPassThru: e.currentTarget.checked }))
            }
          />
        </InlineField>
      )}
      {needsPassThru && !options.jsonData.oauthPassThru && (
        <Alert severity="warning" title="Forward OAuth Identity is off">
          Grafana only forwards the user&apos;s OAuth tokens when Forward OAuth Identity is on.
        </Alert>
      )}
      <InlineField label="Without a user" labelWidth={24} tooltip="Alert rules and other background queries.">
        <RadioButtonGroup
          options={NO_USER}
          value={noUser}
          onChange={(v) => onOptionsChange(withJsonData(options, { tokenExchangeNoUser: v }))}
        />
      </InlineField>
    </>
  );
}
