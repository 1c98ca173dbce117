/**
 * The data shapes shared by the editors: datasource settings as the kit reads them, the query
 * model every generated plugin uses, and the schema the code generator emits for the query editor.
 * @module
 */
import type { DataQuery, DataSourceJsonData } from '@grafana/data';

/** The auth providers of `@dsforge/kit`, selected by `jsonData.authType`. */
export type AuthType =
  | 'none'
  | 'apiKey'
  | 'basic'
  | 'bearer'
  | 'oauth2ClientCredentials'
  | 'oauth2TokenExchange'
  | 'login'
  | 'mtls';

/** Where an API key goes. */
export type ApiKeyPlacement = 'header' | 'query';

/** Which user token an OAuth2 token exchange sends as its subject (kit: `tokenExchangeSubjectSource`). */
export type SubjectTokenSource = 'grafanaIdToken' | 'accessToken' | 'idToken';

/**
 * `jsonData` of a dsforge datasource, with the key names `@dsforge/kit` reads. Everything is
 * optional because a new datasource starts empty and the kit applies its defaults. Custom headers
 * use Grafana's convention `httpHeaderName1..N` (here) + secret `httpHeaderValue1..N`. Basic auth
 * uses Grafana's own top-level settings `basicAuth` and `basicAuthUser` (not jsonData).
 */
export interface DsforgeJsonData extends DataSourceJsonData {
  authType?: AuthType;
  /** API key: header name (kit default `X-API-Key`). */
  apiKeyHeader?: string;
  /** API key: text before the key, e.g. `Bearer ` or `Token `. */
  apiKeyPrefix?: string;
  apiKeyIn?: ApiKeyPlacement;
  /** API key: query parameter name when `apiKeyIn` is `query` (kit default `api_key`). */
  apiKeyParam?: string;
  oauth2TokenUrl?: string;
  oauth2ClientId?: string;
  /** Space- or comma-separated scopes. */
  oauth2Scopes?: string;
  oauth2Audience?: string;
  /** How the client authenticates at the token endpoint (kit default `body`). */
  oauth2ClientAuth?: 'body' | 'basic';
  tokenExchangeSubjectSource?: SubjectTokenSource;
  /** Token exchange for requests without a signed-in user (alerting): own identity or fail. */
  tokenExchangeNoUser?: 'clientCredentials' | 'fail';
  /** Grafana's "Forward OAuth Identity"; needed for the `accessToken`/`idToken` subject sources. */
  oauthPassThru?: boolean;
  /** Login: endpoint path (kit default `/login`). */
  loginPath?: string;
  loginUsername?: string;
  /** Login: dotted path of the token in the login answer (kit default `token`). */
  loginTokenPath?: string;
  /** mTLS: send the client certificate (kit default true when one is set). */
  tlsAuth?: boolean;
  /** Trust the custom CA certificate (kit default true when one is set). */
  tlsAuthWithCACert?: boolean;
  tlsSkipVerify?: boolean;
  serverName?: string;
  /** Per-request timeout, seconds. */
  timeout?: number;
  /** Result cache lifetime, seconds; 0 turns the cache off. */
  cacheTtlSeconds?: number;
  /** Concurrent upstream requests per datasource instance. */
  maxConcurrent?: number;
  /** Outbound requests per second; 0 means no limit. */
  rateLimitPerSecond?: number;
  [key: `httpHeaderName${number}`]: string | undefined;
}

/** Secret keys the kit reads from `secureJsonData`. The frontend only ever writes them. */
export type DsforgeSecretKey =
  | 'apiKey'
  | 'basicAuthPassword'
  | 'bearerToken'
  | 'oauth2ClientSecret'
  | 'password'
  | 'tlsClientCert'
  | 'tlsClientKey'
  | 'tlsCACert'
  | `httpHeaderValue${number}`;

/** `secureJsonData` as written by the config editor (values are never read back). */
export type DsforgeSecureJsonData = Partial<Record<DsforgeSecretKey, string>>;

/** Parameter location in the upstream request. */
export type ParamLocation = 'path' | 'query' | 'header' | 'body';

/** Parameter value type, as the generator maps it from the API schema. */
export type ParamType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'array' | 'object';

/** One operation parameter. */
export interface ParamSchema {
  name: string;
  in: ParamLocation;
  type: ParamType;
  /** Allowed values when `type` is `enum` (or a string/array restricted to a set). */
  enum?: string[];
  required?: boolean;
  description?: string;
  default?: unknown;
}

/** One read operation the query editor offers. */
export interface OperationSchema {
  id: string;
  label: string;
  description?: string;
  params: ParamSchema[];
  /** Response field paths (e.g. `items.status`), for autocomplete and the shaping pickers. */
  fields?: string[];
  /**
   * Response fields the backend can filter on. When present, the editor shows the filter
   * builder. (An optional extension of the schema; the generator may leave it out.)
   */
  filterable?: string[];
}

/** What the code generator emits into each generated plugin for its query editor. */
export interface QueryEditorSchema {
  operations: OperationSchema[];
}

/** Filter operators of the filter builder. */
export type FilterOperator = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'regex';

/** One filter row. */
export interface QueryFilter {
  field: string;
  op: FilterOperator;
  value: string;
}

/** The query model of a schema-generated datasource. */
export interface SchemaQuery extends DataQuery {
  operationId: string;
  params: Record<string, unknown>;
  /** JSONPath of the rows in the response (e.g. `$.data.items`); the body itself when empty. */
  rootPath?: string;
  /** Field used as the frame's time field. */
  timeField?: string;
  /** Fields to keep; all when empty. */
  fields?: string[];
  filters?: QueryFilter[];
  /** True while the user edits the raw JSON in code mode. */
  rawMode?: boolean;
  /** The raw JSON text in code mode (kept while it does not parse). */
  raw?: string;
}
