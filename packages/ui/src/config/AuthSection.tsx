import { Collapse, Field, Select, Stack } from '@grafana/ui';
import { useEffect, useState, type ComponentType, type ReactElement } from 'react';

import type { AuthType } from '../types';
import { ApiKeyAuth } from './auth/ApiKeyAuth';
import { BasicAuth } from './auth/BasicAuth';
import { BearerAuth } from './auth/BearerAuth';
import { LoginAuth } from './auth/LoginAuth';
import { MtlsAuth } from './auth/MtlsAuth';
import { OAuth2ClientCredentialsAuth } from './auth/OAuth2ClientCredentialsAuth';
import { OAuth2TokenExchangeAuth } from './auth/OAuth2TokenExchangeAuth';
import { TlsOptions } from './auth/TlsOptions';
import { withJsonData, type DsforgeConfigProps, type DsforgeSettings } from './options';

/** Label, help text and sub-editor of each auth provider, in the order the picker lists them. */
export const AUTH_TYPE_INFO: Record<
  AuthType,
  { label: string; description: string; Editor?: ComponentType<DsforgeConfigProps> }
> = {
  none: { label: 'No authentication', description: 'The API needs no credentials.' },
  apiKey: { label: 'API key', description: 'A key sent in a header or query parameter.', Editor: ApiKeyAuth },
  basic: { label: 'Basic auth', description: 'User name and password.', Editor: BasicAuth },
  bearer: { label: 'Bearer token', description: 'A fixed access token.', Editor: BearerAuth },
  oauth2ClientCredentials: {
    label: 'OAuth2 client credentials',
    description: 'The datasource signs in as its own client.',
    Editor: OAuth2ClientCredentialsAuth,
  },
  oauth2TokenExchange: {
    label: 'OAuth2 token exchange',
    description: 'Queries run as the signed-in Grafana user.',
    Editor: OAuth2TokenExchangeAuth,
  },
  login: {
    label: 'Login',
    description: 'Log in with a user and password to get a session token.',
    Editor: LoginAuth,
  },
  mtls: { label: 'Mutual TLS', description: 'A client certificate.', Editor: MtlsAuth },
};

/** Every auth type, in display order. */
export const AUTH_TYPES = Object.keys(AUTH_TYPE_INFO) as AuthType[];

/** Props of {@link AuthSection}. */
export interface AuthSectionProps extends DsforgeConfigProps {
  /** The auth types this API supports (from its securitySchemes); default all. */
  authTypes?: AuthType[];
  /** Auth type shown when the settings have none yet; default the first of `authTypes`. */
  defaultAuthType?: AuthType;
}

/**
 * Settings switched to `type`. Only `authType` (and Grafana's `basicAuth` switch, which must
 * agree with it) changes: fields of other providers stay, so switching back loses nothing.
 */
export function withAuthType(options: DsforgeSettings, type: AuthType): DsforgeSettings {
  return { ...withJsonData(options, { authType: type }), basicAuth: type === 'basic' };
}

/** The auth type picker and the selected provider's settings. */
export function AuthSection(props: AuthSectionProps): ReactElement {
  const { options, onOptionsChange } = props;
  const allowed = props.authTypes && props.authTypes.length > 0 ? props.authTypes : AUTH_TYPES;
  const current: AuthType =
    options.jsonData.authType ??
    (options.basicAuth ? 'basic' : (props.defaultAuthType ?? allowed[0] ?? 'none'));
  const saved = options.jsonData.authType !== undefined;
  // The kit falls back to `none` when authType is unset, so a new datasource stores the type it
  // shows; otherwise a key typed into the preselected editor would silently go unused.
  useEffect(() => {
    if (!saved) onOptionsChange(withAuthType(options, current));
    // Only when the stored type is missing; later changes go through the picker.
  }, [saved]);
  const tlsInUse = !!(
    options.jsonData.tlsSkipVerify ||
    options.jsonData.serverName ||
    options.secureJsonFields?.tlsCACert
  );
  const [tlsOpen, setTlsOpen] = useState(tlsInUse);
  const info = AUTH_TYPE_INFO[current];
  const Editor = info?.Editor;
  const choices = allowed.map((t) => ({
    label: AUTH_TYPE_INFO[t].label,
    value: t,
    description: AUTH_TYPE_INFO[t].description,
  }));
  return (
    <Stack direction="column" gap={1}>
      <Field label="Authentication method" description={info?.description}>
        <Select
          inputId="dsforge-authType"
          aria-label="Authentication method"
          width={40}
          options={choices}
          value={current}
          onChange={(v) => v.value && onOptionsChange(withAuthType(options, v.value))}
        />
      </Field>
      {Editor && <Editor options={options} onOptionsChange={onOptionsChange} />}
      {current !== 'mtls' && (
        <Collapse label="TLS settings" isOpen={tlsOpen} onToggle={() => setTlsOpen(!tlsOpen)} collapsible>
          <TlsOptions options={options} onOptionsChange={onOptionsChange} />
        </Collapse>
      )}
    </Stack>
  );
}
