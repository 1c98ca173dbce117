/**
 * Building a query chain: {@link composeQuery} wraps a query function in an ordered list of
 * {@link QueryMiddleware}s, the first one outermost.
 * @module
 */
import type { QueryFn, QueryMiddleware } from './types';

/** A middleware list with a repeated name, or an entry that is not a named middleware. */
export class MiddlewareChainError extends Error {
  override readonly name = 'MiddlewareChainError';
}

/**
 * Throws {@link MiddlewareChainError} when two middlewares share a name (naming both positions)
 * or an entry is not a middleware. A name may appear once: a chain with two retry layers
 * multiplies attempts, with two timeouts the shorter one silently wins — both are mistakes worth
 * catching when the datasource starts, not under load.
 */
export function checkMiddlewareNames(list: readonly unknown[], kind = 'query'): void {
  const firstAt = new Map<string, number>();
  list.forEach((entry, i) => {
    const name: unknown =
      typeof entry === 'function' ? (entry as { middlewareName?: unknown }).middlewareName : undefined;
    if (typeof name !== 'string' || name === '') {
      throw new MiddlewareChainError(
        `${kind} middleware #${i + 1} is not a named middleware; build it with ${kind}Middleware(name, wrap)`,
      );
    }
    const before = firstAt.get(name);
    if (before !== undefined) {
      throw new MiddlewareChainError(
        `${kind} middleware "${name}" appears twice (#${before + 1} and #${i + 1}); ` +
          'each middleware may appear once — remove one, or give a custom one its own name',
      );
    }
    firstAt.set(name, i);
  });
}

/**
 * Composes `middlewares` around `fn`; the first middleware is the outermost (it sees the query
 * first and the result last). Checks names when called, so a bad list fails at build time.
 *
 * @example
 * const run = composeQuery([categorizeErrors(), timeout({ defaultMs: 30_000 })], myQuery);
 */
export function composeQuery<Q, I>(
  middlewares: readonly QueryMiddleware[],
  fn: QueryFn<Q, I>,
): QueryFn<Q, I> {
  checkMiddlewareNames(middlewares, 'query');
  let handler = fn;
  for (let i = middlewares.length - 1; i >= 0; i--) handler = middlewares[i]!<Q, I>(handler);
  return handler;
}

/** The names of a middleware list, in order (for logs and CheckHealth details). */
export function middlewareNames(list: readonly { readonly middlewareName: string }[]): string[] {
  return list.map((m) => m.middlewareName);
}
