/**
 * The pagination styles an {@link OperationSpec} can name; each maps to one kit paginator.
 * @module
 */

/** Pagination kinds, named as the code generator's API model names them. */
export const PAGINATION_KIND_NAMES = ['nextToken', 'cursor', 'linkHeader', 'offset', 'pageNumber'] as const;

/** One pagination kind. */
export type PaginationKindName = (typeof PAGINATION_KIND_NAMES)[number];
