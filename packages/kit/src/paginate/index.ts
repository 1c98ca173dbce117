/**
 * `paginate`: async generators for next-token, cursor, Link header, offset/limit and page-number
 * APIs, with the query's signal, page and row limits, loop detection and a truncation notice.
 * @module
 */
export { paginateNextToken, paginateCursor, type NextTokenOptions, type CursorOptions } from './token';
export {
  paginateLinkHeader,
  parseLinkHeader,
  nextLink,
  type LinkHeaderOptions,
  type Link,
} from './link-header';
export { paginateOffset, paginatePageNumber, type OffsetOptions, type PageNumberOptions } from './offset';
export { collectPages, type CollectedPages } from './collect';
export {
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_ROWS,
  truncation,
  type PaginateCommon,
  type Page,
  type Paginator,
  type PaginationEnd,
  type Truncation,
} from './paginate';
