/**
 * The data a generated datasource hands to {@link openApiQuery} and {@link graphqlQuery}: one
 * {@link OperationSpec} per query type (a JSON subset of the code generator's API model), the
 * query JSON the editors write ({@link OperationQuery}) and the hooks teams customise requests
 * and responses with ({@link OperationHooks}).
 * @module
 */
import type { DataQuery, Frame } from '@dsforge/backend';

import type { PaginationKindName } from './pagination-kinds';
import type { QueryContext, UpstreamResponse } from '../types';

/** Where a parameter goes: the URL path, its query string, a header, the JSON body, or a GraphQL variable. */
export type OperationParamLocation = 'path' | 'query' | 'header' | 'body' | 'argument';

/** One parameter of an operation. */
export interface OperationParamSpec {
  name: string;
  in: OperationParamLocation;
  required?: boolean;
  /** JSON type (`string`, `integer`, `number`, `boolean`, `array`, `object`). */
  type?: string;
  /** JSON-schema format, e.g. `date-time` (such parameters accept the time-range macros). */
  format?: string;
  /** Arrays in the query string: repeat the key (true, default) or join with commas (false). */
  explode?: boolean;
}

/** How to fetch the following pages (the generator's detected pagination). */
export interface PaginationSpec {
  kind: PaginationKindName;
  /** Request parameter carrying the token/cursor/offset/page (`''` for `linkHeader`). */
  requestParam: string;
  /** Where `requestParam` goes (default `query`; GraphQL: a variable). */
  requestIn?: 'query' | 'body';
  /** Dotted path in the response body to the next token/cursor/URL. */
  responsePath?: string;
  /** `responsePath` holds a whole next-page URL to follow as is. */
  responseIsUrl?: boolean;
  /** Dotted path to a "more pages" boolean (Relay `pageInfo.hasNextPage`). */
  hasMorePath?: string;
  /** Request parameter setting the page size. */
  limitParam?: string;
}

/** One leaf field of a response row. */
export interface OperationFieldSpec {
  path: string;
  /** `time`, `number`, `string`, `bool` or `json`. */
  type: string;
}

/** One query type: an HTTP operation, or a GraphQL root query field with its document. */
export interface OperationSpec {
  id: string;
  /** Upper-case HTTP method; `QUERY` for GraphQL. */
  method: string;
  /** Path template (`/orders/{orderId}`); GraphQL: the root field name. */
  path: string;
  params: OperationParamSpec[];
  /** The request body's content type when the operation takes one. */
  body?: { contentType: string; required?: boolean };
  response?: {
    contentType?: string;
    /** Dotted path to the rows (`''`: the body is the list); absent: the body is one row. */
    itemsPath?: string;
    /** Path inside each item to the row (Relay edges: `node`). */
    rowPath?: string;
    fields?: OperationFieldSpec[];
  };
  pagination?: PaginationSpec;
  /** GraphQL: the default document. */
  document?: string;
}

/** One filter operator of the query editor's filter builder (`eq` is `=`, `regex` is `=~`). */
export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains' | 'regex';

/** One filter of a query: a row field (dotted path), an operator and the value as typed. */
export interface OperationFilter {
  field: string;
  op: FilterOp;
  value: string;
}

/** The query JSON of a schema-generated datasource (what `@dsforge/ui`'s query editor writes). */
export interface OperationQuery {
  operationId: string;
  params?: Record<string, unknown>;
  /** JSON path of the rows; overrides the operation's own. */
  rootPath?: string;
  /** The frame's time field. */
  timeField?: string;
  /** Fields to keep (dotted paths); all when empty. */
  fields?: string[];
  /** GraphQL: a document replacing the operation's default one. */
  document?: string;
  /** Page limit for this query (at most the datasource's). */
  maxPages?: number;
  /**
   * Filters (ANDed): `eq` on a field with a same-named parameter goes to the API, the rest
   * filters the fetched rows (see `filters.ts`).
   */
  filters?: OperationFilter[];
}

/** A request about to be sent, as hooks see and change it. */
export interface OperationRequest {
  method: string;
  /** Path and query string relative to the datasource URL, or an absolute URL. */
  url: string;
  headers: Record<string, string>;
  /** JSON body (serialised after `beforeRequest`). */
  body?: unknown;
}

/** What hooks get besides the request or response. */
export interface OperationHookContext<I = unknown> {
  query: DataQuery<OperationQuery>;
  operation: OperationSpec;
  ctx: QueryContext<I>;
  /** 0 for the first page. */
  page: number;
}

/** Extension points for teams: change requests, responses and frames without editing generated code. */
export interface OperationHooks<I = unknown> {
  /** Runs before every request (each page). Return a changed request, or nothing to keep it. */
  beforeRequest?(
    req: OperationRequest,
    hc: OperationHookContext<I>,
  ): OperationRequest | void | Promise<OperationRequest | void>;
  /** Runs on every response body (parsed JSON, or text for non-JSON). Return a replacement, or nothing. */
  afterResponse?(
    body: unknown,
    res: UpstreamResponse,
    hc: OperationHookContext<I>,
  ): unknown | Promise<unknown>;
  /** Runs on the frames of a query before they are returned. */
  afterFrames?(frames: Frame[], hc: Omit<OperationHookContext<I>, 'page'>): Frame[] | Promise<Frame[]>;
}

/** Options of {@link openApiQuery} and {@link graphqlQuery}. */
export interface OperationQueryOptions<I = unknown> extends OperationHooks<I> {
  /**
   * Path joined to the datasource URL before every operation path: the spec's relative server
   * (`/api/v1`). Default `''` (the datasource URL is the API root).
   */
  basePath?: string;
  /** Page limit (default 10); a query's `maxPages` can only lower it. */
  maxPages?: number;
  /** Row limit across pages (default 100 000). */
  maxRows?: number;
}
