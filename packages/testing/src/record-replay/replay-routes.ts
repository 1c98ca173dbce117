/**
 * The replaying half of record/replay: mock upstream routes answering from a folder of recorded
 * exchanges. A request matches a recording by method, path and query (a scrubbed parameter matches
 * any value); several recordings of the same request are answered in recorded order, the last one
 * repeating — so a sequence (e.g. a 401, then a 200 after re-login) replays as it happened.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Exchange, Scenario } from '../mock-upstream/types';
import { SCRUBBED, type RecordedExchange, type StoredBody } from './types';

/** Headers recomputed by the mock when it sends a body. */
const RECOMPUTED = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'date',
  'content-encoding',
]);

/** Reads every `*.json` recording of `fixturesDir`, in file name order. */
export async function readRecordings(fixturesDir: string): Promise<RecordedExchange[]> {
  const names = (await readdir(fixturesDir)).filter((n) => n.endsWith('.json')).sort();
  const out: RecordedExchange[] = [];
  for (const n of names) {
    const x = JSON.parse(await readFile(join(fixturesDir, n), 'utf8')) as RecordedExchange;
    if (x?.v !== 1 || !x.request || !x.response)
      throw new Error(
        `${join(fixturesDir, n)} is not a dsforge recording (expected {"v": 1, "request", "response"})`,
      );
    out.push(x);
  }
  return out;
}

function bodyOf(b: StoredBody): Buffer | string {
  return b.encoding === 'base64' ? Buffer.from(b.data, 'base64') : b.data;
}

function queryMatches(recorded: [string, string][], actual: Record<string, string>): boolean {
  const keys = new Set(Object.keys(actual));
  if (recorded.length !== keys.size) return false;
  return recorded.every(([k, v]) => k in actual && (v === SCRUBBED || actual[k] === v));
}

function scenarioFor(key: string, group: RecordedExchange[]): Scenario {
  return (ex: Exchange) => {
    const candidates = group.filter((g) => queryMatches(g.request.query, ex.query));
    if (candidates.length === 0) {
      const seen = group.map((g) => `?${g.request.query.map(([k, v]) => `${k}=${v}`).join('&')}`).join(', ');
      return ex.send(404, {
        error: `no recording for ${key}?${new URLSearchParams(ex.query).toString()}; recorded: ${seen}`,
      });
    }
    const queryKey = candidates[0]!.request.query.map(([k, v]) => `${k}=${v}`).join('&');
    const n = ex.count(`replay:${key}?${queryKey}`);
    const r = candidates[Math.min(n, candidates.length) - 1]!.response;
    const headers = Object.fromEntries(
      Object.entries(r.headers).filter(([k]) => !RECOMPUTED.has(k.toLowerCase())),
    );
    ex.send(r.status, bodyOf(r.body), headers);
  };
}

/** Routes (`'METHOD /path'` → scenario) answering with the recordings of `fixturesDir`. */
export async function replayRoutes(fixturesDir: string): Promise<Record<string, Scenario>> {
  const groups = new Map<string, RecordedExchange[]>();
  for (const x of await readRecordings(fixturesDir)) {
    const key = `${x.request.method} ${x.request.path}`;
    groups.set(key, [...(groups.get(key) ?? []), x]);
  }
  const routes: Record<string, Scenario> = {};
  for (const [key, group] of groups) routes[key] = scenarioFor(key, group);
  return routes;
}
