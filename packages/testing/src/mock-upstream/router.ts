/**
 * Method + path routing with `:name` segments; added routes win over the default table.
 * @module
 */
import type { Scenario } from './types';

interface Route {
  key: string;
  method: string;
  segments: string[];
  scenario: Scenario;
}

/** A match: the scenario and the values of its `:name` segments. */
export interface RouteMatch {
  scenario: Scenario;
  params: Record<string, string>;
}

const split = (path: string) => path.split('/').filter((s) => s.length > 0);

/** An ordered route table. */
export class Router {
  private routes: Route[] = [];

  /** Adds a route, replacing one with the same method and path. */
  add(method: string, path: string, scenario: Scenario): void {
    const m = method.toUpperCase();
    const key = `${m} ${split(path).join('/')}`;
    const route = { key, method: m, segments: split(path), scenario };
    const i = this.routes.findIndex((r) => r.key === key);
    if (i >= 0) this.routes[i] = route;
    else this.routes.push(route);
  }

  clear(): void {
    this.routes = [];
  }

  /** First route matching `method` and `path` (query string excluded). */
  match(method: string, path: string): RouteMatch | undefined {
    const parts = split(path);
    for (const r of this.routes) {
      if (r.method !== '*' && r.method !== method.toUpperCase()) continue;
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = r.segments.every((seg, i) => {
        const part = parts[i]!;
        if (seg.startsWith(':')) {
          params[seg.slice(1)] = decodeURIComponent(part);
          return true;
        }
        return seg === part;
      });
      if (ok) return { scenario: r.scenario, params };
    }
    return undefined;
  }
}

/** Parses `'GET /path'` (method optional, default `*`). */
export function parseRouteKey(key: string): { method: string; path: string } {
  const m = /^\s*(?:([A-Za-z*]+)\s+)?(\/\S*)\s*$/.exec(key);
  if (!m) throw new Error(`route key ${JSON.stringify(key)} is not "METHOD /path"`);
  return { method: m[1] ?? '*', path: m[2]! };
}
