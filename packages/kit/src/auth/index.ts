/**
 * Upstream auth for dsforge datasources: each provider is an upstream middleware factory taking
 * the datasource's settings. Credentials come only from Grafana's secure storage
 * (`settings.secret(key)`) and never appear in logs, errors or thrown objects.
 * {@link authFromSettings} picks the providers from jsonData `authType`.
 * @module
 */
export {
  authFromSettings,
  AUTH_TYPES,
  type AuthType,
  type AuthSetup,
  type AuthFromSettingsOptions,
} from './auth-from-settings';
export { apiKeyAuth, API_KEY_AUTH, type ApiKeyAuthOptions } from './api-key';
export { basicAuth, BASIC_AUTH, type BasicAuthOptions } from './basic';
export { bearerAuth, BEARER_AUTH, BEARER_TOKEN_KEYS, type BearerAuthOptions } from './bearer';
export { customHeaders, customHeaderPairs, CUSTOM_HEADERS } from './custom-headers';
export {
  oauth2ClientCredentials,
  OAUTH2_CLIENT_CREDENTIALS,
  type OAuth2ClientCredentialsOptions,
} from './oauth2-client-credentials';
export {
  oauth2TokenExchange,
  OAUTH2_TOKEN_EXCHANGE,
  TOKEN_EXCHANGE_GRANT,
  type OAuth2TokenExchangeOptions,
  type NoUserIdentity,
} from './oauth2-token-exchange';
export { SUBJECT_TOKEN_SOURCES, TOKEN_TYPE, type SubjectTokenSource } from './subject-token';
export { loginToken, LOGIN_TOKEN, type LoginTokenOptions } from './login-token';
export {
  mtls,
  tlsOptionsFromSettings,
  TLS_SECRET_KEYS,
  type AuthTlsOptions,
  type TlsFromSettingsOptions,
} from './mtls';
export type { OAuth2ClientOptions } from './oauth2-config';
export type { ClientAuthMethod } from './token-endpoint';
export type { AuthSettings } from './settings-read';
export type { OverwriteOption } from './static-header';

// ---- For library authors -------------------------------------------------------------------
/** @internal Single-flight token caches, reusable by custom token providers. */
export { SingleFlightToken, KeyedTokenCache, REFRESH_MARGIN_MS, type IssuedToken } from './token-cache';
/** @internal */
export { redactText } from './redact';
