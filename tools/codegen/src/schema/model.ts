/**
 * The normalized "API model": what the schema readers produce from an OpenAPI or GraphQL schema
 * and what the code generator renders from. Plain data only (no functions, no cycles), so it can be
 * written to JSON, diffed and snapshotted.
 * @module
 */

/** A JSON-schema primitive type name. `integer` is kept apart from `number` for form inputs. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/**
 * A reduced JSON schema: the parts a generator, a parameter form and a mock need.
 *
 * Normalization rules:
 * - `type: [x, "null"]` (3.1), `nullable: true` (3.0), `x-nullable` (2.0), `enum` containing
 *   `null` and `oneOf: [X, {type: null}]` all become `type: x` + `nullable: true`.
 * - Several non-null types (`type: [string, number]`) become `anyOf` of single-type schemas.
 * - `allOf` is merged into one schema (properties and `required` united).
 * - `oneOf`/`anyOf` are kept as lists of variants.
 * - `$ref`s are resolved; `ref` keeps the referenced component's name (e.g. `Order`). A schema
 *   reached again while already being expanded (recursion) is not expanded again: it is
 *   `{ ref, circular: true }`.
 * - 3.1 `const` becomes a one-value `enum`; 3.1 `examples[0]` becomes `example`.
 */
export interface JsonSchemaLite {
  type?: JsonType;
  nullable?: boolean;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  title?: string;
  example?: unknown;
  properties?: Record<string, JsonSchemaLite>;
  required?: string[];
  items?: JsonSchemaLite;
  additionalProperties?: boolean | JsonSchemaLite;
  oneOf?: JsonSchemaLite[];
  anyOf?: JsonSchemaLite[];
  /** Discriminator property name of a `oneOf`/`anyOf`, when the spec names one. */
  discriminator?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
  deprecated?: boolean;
  /** Name of the component this schema came from (`#/components/schemas/Order` → `Order`). */
  ref?: string;
  /** Set where a recursive schema refers back to one being expanded; not expanded further. */
  circular?: true;
}

/** Field types the generated frames use (Grafana field types, coarse). */
export type GrafanaFieldType = 'time' | 'number' | 'string' | 'bool' | 'json';

/** One column of the rows an operation returns: a leaf path inside a row object. */
export interface FieldInfo {
  /** Dotted path inside the row, e.g. `customer.name`; `''` when the row itself is a scalar. */
  path: string;
  /** Inferred Grafana type: `time` for `date-time`/`date` strings and time-like names. */
  type: GrafanaFieldType;
  nullable?: boolean;
  description?: string;
  enum?: unknown[];
}

/** Where a parameter goes. `argument` is a GraphQL field argument. */
export type ParamLocation = 'path' | 'query' | 'header' | 'argument';

/** One request parameter, with its schema flattened for form building. */
export interface Param {
  name: string;
  in: ParamLocation;
  required: boolean;
  type?: JsonType;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  nullable?: boolean;
  /** Element schema of an array parameter. */
  items?: JsonSchemaLite;
  example?: unknown;
  deprecated?: boolean;
  /** Serialization style (`form`, `simple`, …) and explode flag, when the spec sets them. */
  style?: string;
  explode?: boolean;
  /** The whole parameter schema (for objects and unions); GraphQL: the argument's type, e.g. `[ID!]!`. */
  schema: JsonSchemaLite;
  graphqlType?: string;
}

/** The request body an operation takes. */
export interface RequestBody {
  /** The content type the generator should send (JSON preferred). */
  contentType: string;
  /** Every content type the spec accepts. */
  contentTypes: string[];
  schema: JsonSchemaLite;
  required: boolean;
  example?: unknown;
}

/** What a successful response looks like and where its rows are. */
export interface ResponseInfo {
  /** Status code the info was taken from (`200`, `201`, `2XX`, `default`). */
  status: string;
  contentType: string;
  schema: JsonSchemaLite;
  /**
   * Dotted path to the rows: `''` for a top-level array, `data` for `{data: [...]}`,
   * `data.orders.edges` for a GraphQL connection; an object (not an array) there is one row.
   * Absent: the whole response is one row.
   */
  itemsPath?: string;
  /** Path inside each item to the row object (GraphQL connections: `node`). */
  rowPath?: string;
  /** Flattened leaf fields of one row. */
  fields: FieldInfo[];
  example?: unknown;
}

/** Paginator kinds of the kit (`@dsforge/kit` paginate). */
export type PaginationKind = 'nextToken' | 'cursor' | 'linkHeader' | 'offset' | 'pageNumber';

/** How to fetch the following pages of an operation. */
export interface Pagination {
  kind: PaginationKind;
  /** Request parameter carrying the token/cursor/offset/page (`''` for `linkHeader`). */
  requestParam: string;
  /** Where `requestParam` goes: a query parameter (default) or a top-level request body property. */
  requestIn?: 'query' | 'body';
  /** Dotted path in the response body to the next token/cursor/URL. */
  responsePath?: string;
  /** True when `responsePath` holds a whole next-page URL (e.g. `links.next`) to follow as is. */
  responseIsUrl?: boolean;
  /** Dotted path to a "more pages" boolean (GraphQL `pageInfo.hasNextPage`). */
  hasMorePath?: string;
  /** Request parameter setting the page size (`limit`, `per_page`, `first`, …). */
  limitParam?: string;
  /** Why this was detected, e.g. `query param "cursor" + response "next_cursor"`. */
  reason: string;
}

/** A field a GraphQL query can select, with its sub-fields. */
export interface FieldTree {
  name: string;
  /** GraphQL type as written, e.g. `[Order!]!`. */
  graphqlType: string;
  kind: 'scalar' | 'enum' | 'object' | 'interface' | 'union';
  /** Grafana type of a leaf. */
  fieldType?: GrafanaFieldType;
  description?: string;
  /** True when the field is in the generated default document. */
  selected: boolean;
  /** True when this field has required arguments (not selectable without them). */
  needsArgs?: boolean;
  /** Set on an inline fragment node (`... on Card`) under a union or interface: the member type. */
  onType?: string;
  /** Sub-fields; absent on leaves and where the tree was cut (depth or recursion). */
  children?: FieldTree[];
}

/** One API operation: an HTTP method + path, or a GraphQL root field. */
export interface Operation {
  /** `operationId`, or a stable id derived from method and path (`getOrdersById`). Unique. */
  id: string;
  /** Upper-case HTTP method, or `QUERY`/`MUTATION` for GraphQL. */
  method: string;
  /** URL path template (`/orders/{id}`); GraphQL: the root field name. */
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated?: boolean;
  /** True when the operation becomes a query type in the generated plugin. */
  isQuery: boolean;
  /** Why `isQuery` is what it is (a sentence for `--dry-run`). */
  queryReason: string;
  params: Param[];
  body?: RequestBody;
  response?: ResponseInfo;
  pagination?: Pagination;
  /** Names of the security schemes that apply (any one of them); empty: no auth. */
  security: string[];
  /** Operation-level servers overriding the API's. */
  servers?: Server[];
  /** GraphQL: the selectable fields of the result. */
  selectable?: FieldTree;
  /** GraphQL: the default document (valid against the schema), variables named after the args. */
  document?: string;
}

/** A server URL. `relative` ones (`/api/v2`) are joined to the datasource URL setting. */
export interface Server {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; enum?: string[]; description?: string }>;
  relative: boolean;
}

/** Fields common to every auth scheme: `scheme` is its name in the spec. */
interface AuthBase {
  scheme: string;
  description?: string;
}

/**
 * A security scheme mapped to one of the kit's auth providers.
 * `prefix` of an API key is the text before the key in the header value (`Token `).
 */
export type AuthScheme =
  | (AuthBase & { provider: 'apiKey'; in: 'header' | 'query'; name: string; prefix?: string })
  | (AuthBase & { provider: 'basic' })
  | (AuthBase & { provider: 'bearer'; bearerFormat?: string })
  | (AuthBase & { provider: 'oauth2ClientCredentials'; tokenUrl: string; scopes: string[] })
  | (AuthBase & { provider: 'oauth2TokenExchange'; tokenUrl: string; scopes: string[]; audience?: string })
  | (AuthBase & { provider: 'mtls' })
  | (AuthBase & { provider: 'none' });

/** Names of the kit's auth providers. */
export type AuthProvider = AuthScheme['provider'];

/** An operation left out of the model, and why. */
export interface SkippedOperation {
  /** `METHOD path (operationId)` so a user can find it in the spec. */
  operation: string;
  reason: string;
}

/** The whole API, as the generator sees it. */
export interface ApiModel {
  kind: 'openapi' | 'graphql';
  /** Source format version: `2.0`, `3.0.3`, `3.1.0`; `graphql` for GraphQL. */
  specVersion: string;
  title: string;
  version: string;
  description?: string;
  servers: Server[];
  auth: AuthScheme[];
  operations: Operation[];
  skipped: SkippedOperation[];
  /** Things a user should know: unsupported constructs ignored, guesses made. Each names where. */
  warnings: string[];
}

/** Options of `readSchema`. */
export interface ReadOptions {
  /** Force the schema kind instead of detecting it from the file. */
  kind?: 'openapi' | 'graphql';
}
