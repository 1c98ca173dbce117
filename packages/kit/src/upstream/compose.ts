/** {@link composeUpstream}: builds one {@link Fetch} from an ordered middleware list. */
import type { Fetch, UpstreamMiddleware } from '../types';

/**
 * Wraps `bottom` in `middlewares`, the first one outermost: `[a, b]` runs `a`, then `b`, then
 * `bottom`. Throws at build time when a middleware has no name or a name appears twice, because
 * an edited default list (`configure(defaults)`) that adds a second auth or user-agent layer is a
 * mistake that would otherwise only show up as odd requests in production.
 */
export function composeUpstream(middlewares: readonly UpstreamMiddleware[], bottom: Fetch): Fetch {
  const seen = new Set<string>();
  for (const [i, mw] of middlewares.entries()) {
    if (typeof mw !== 'function') {
      throw new TypeError(
        `Upstream middleware #${i} is not a function; build it with upstreamMiddleware(name, wrap).`,
      );
    }
    const name = mw.middlewareName;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(
        `Upstream middleware #${i} has no name; build it with upstreamMiddleware(name, wrap).`,
      );
    }
    if (seen.has(name)) {
      throw new TypeError(
        `Upstream middleware "${name}" appears twice in the chain [${middlewares.map((m) => m.middlewareName).join(', ')}]; remove one.`,
      );
    }
    seen.add(name);
  }
  let fetch = bottom;
  for (let i = middlewares.length - 1; i >= 0; i--) {
    const mw = middlewares[i]!;
    const wrapped = mw(fetch);
    if (typeof wrapped !== 'function') {
      throw new TypeError(`Upstream middleware "${mw.middlewareName}" did not return a function.`);
    }
    fetch = wrapped;
  }
  return fetch;
}
