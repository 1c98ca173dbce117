/** {@link userAgent}: the User-Agent header on every upstream request. */
import pkg from '../../package.json';
import { upstreamMiddleware, type UpstreamMiddleware } from '../types';

/** `dsforge/<kit version> (Grafana plugin)`: tells upstream operators who is calling. */
export const DEFAULT_USER_AGENT = `dsforge/${pkg.version} (Grafana plugin)`;

/**
 * Sets `User-Agent` to `value` unless the request already has one (any case), so a datasource
 * can still override it per request. An empty value means nothing to do: `next` is returned.
 */
export function userAgent(value: string = DEFAULT_USER_AGENT): UpstreamMiddleware {
  return upstreamMiddleware('userAgent', (next) => {
    if (value === '') return next;
    return (req) => {
      const headers = req.headers ?? {};
      if (Object.keys(headers).some((k) => k.toLowerCase() === 'user-agent')) return next(req);
      return next({ ...req, headers: { ...headers, 'user-agent': value } });
    };
  });
}
