/** {@link forwardHeaders}: passes chosen headers Grafana forwarded on to the upstream. */
import { upstreamMiddleware, type UpstreamMiddleware } from '../types';

/**
 * Copies the named headers from the query's forwarded headers (`req.context.headers`) to the
 * upstream request, e.g. `forwardHeaders(['X-Request-Id'])` so one id follows a request through
 * Grafana and the upstream. Grafana prefixes QueryData/CheckHealth headers with `http_`; both
 * `http_X-Request-Id` and `X-Request-Id` are found, case-insensitively. A header the request
 * already sets is kept. Only listed names are copied — never forward `Authorization` or cookies
 * unless that is the point. An empty list means nothing to do: `next` is returned.
 */
export function forwardHeaders(names: readonly string[]): UpstreamMiddleware {
  const wanted = names.map((n) => n.replace(/^http_/i, '')).filter((n) => n !== '');
  return upstreamMiddleware('forwardHeaders', (next) => {
    if (wanted.length === 0) return next;
    return (req) => {
      const from = req.context?.headers;
      if (!from) return next(req);
      const incoming = new Map(
        Object.entries(from).map(([k, v]) => [k.toLowerCase().replace(/^http_/, ''), v]),
      );
      const headers = { ...req.headers };
      const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
      let changed = false;
      for (const name of wanted) {
        const value = incoming.get(name.toLowerCase());
        if (value === undefined || present.has(name.toLowerCase())) continue;
        headers[name] = value;
        changed = true;
      }
      return next(changed ? { ...req, headers } : req);
    };
  });
}
