/**
 * `operations`: the runtime of schema-generated datasources. {@link openApiQuery} runs OpenAPI
 * operations, {@link graphqlQuery} GraphQL root queries; both take the generated operation list
 * and hooks for customising requests, responses and frames.
 * @module
 */
export { openApiQuery, DEFAULT_OPERATION_MAX_PAGES } from './openapi-query';
export { graphqlQuery, graphqlError } from './graphql-query';
export { parseOperationQuery, checkRequired } from './parse';
export { applyTimeRange } from './macros';
export { FILTER_OPS, filterRows, parseFilters, planFilters, type FilterPlan } from './filters';
export { buildRequest, joinPath } from './request';
export { PAGINATION_KIND_NAMES, type PaginationKindName } from './pagination-kinds';
export type {
  FilterOp,
  OperationFilter,
  OperationFieldSpec,
  OperationHookContext,
  OperationHooks,
  OperationParamLocation,
  OperationParamSpec,
  OperationQuery,
  OperationQueryOptions,
  OperationRequest,
  OperationSpec,
  PaginationSpec,
} from './types';
