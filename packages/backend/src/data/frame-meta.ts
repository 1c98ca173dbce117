import {
  type Check,
  checkKeys,
  isAny,
  isArrayOf,
  isIntIn,
  isNumOrNull,
  isObj,
  isShape,
  isStr,
} from './check';
import { FrameError } from './errors';
import { fieldConfigChecks } from './field-config';

/** A message shown to the user above the panel. Grafana accepts only these three severities. */
export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
  /** A URL to more information. */
  link?: string;
  /** Which inspector tab to open (Go `InspectType`: 0 none, 1 meta, 2 error, 3 data, 4 stats). */
  inspect?: number;
}

/** A query statistic (Go `QueryStat`: field config keys plus `value`). */
export interface QueryStat {
  displayName?: string;
  value?: number | null;
  [key: string]: unknown;
}

/**
 * Frame metadata, as the Go SDK's `FrameMeta` (JSON keys). Stored as JSON in Arrow schema metadata
 * `meta` and frame JSON `schema.meta`. Grafana decodes it strictly: a wrong JSON type (e.g. a
 * notice severity other than info/warning/error) fails the whole query response, so
 * {@link validateFrameMeta} rejects it before encoding.
 */
export interface FrameMeta {
  /** Data plane frame type, e.g. `timeseries-multi`, `numeric-long`. */
  type?: string;
  typeVersion?: [number, number];
  path?: string;
  pathSeparator?: string;
  custom?: Record<string, unknown>;
  stats?: QueryStat[];
  notices?: Notice[];
  /** Grafana Live channel, e.g. `ds/<uid>/<path>`. */
  channel?: string;
  preferredVisualisationType?: string;
  preferredVisualisationPluginId?: string;
  executedQueryString?: string;
  dataTopic?: string;
  uniqueRowIdFields?: number[];
}

const SEVERITIES = new Set(['info', 'warning', 'error']);
const isSeverity: Check = (v) =>
  typeof v === 'string' && SEVERITIES.has(v)
    ? undefined
    : `must be "info", "warning" or "error" (got ${JSON.stringify(v)})`;
const uint32 = isIntIn(0, 4294967295);

const metaChecks: Record<string, Check> = {
  type: isStr,
  typeVersion: (v) =>
    Array.isArray(v) && v.length === 2 ? isArrayOf(uint32)(v) : 'must be an array of two unsigned integers',
  path: isStr,
  pathSeparator: isStr,
  custom: isAny,
  stats: isArrayOf(isShape({ ...fieldConfigChecks, value: isNumOrNull })),
  notices: isArrayOf(
    (n) =>
      isObj(n) ??
      ((n as Record<string, unknown>).text === undefined ? 'text is required' : undefined) ??
      isShape({ severity: isSeverity, text: isStr, link: isStr, inspect: isIntIn(0, 2147483647) })(n),
  ),
  channel: isStr,
  preferredVisualisationType: isStr,
  preferredVisualisationPluginId: isStr,
  executedQueryString: isStr,
  dataTopic: isStr,
  uniqueRowIdFields: isArrayOf(isIntIn(-2147483648, 2147483647)),
};

/** Throws a {@link FrameError} (naming the frame and key) when `meta` would not decode in Go. */
export function validateFrameMeta(meta: unknown, frameName: string): asserts meta is FrameMeta {
  const e = isObj(meta) ?? checkKeys(meta as Record<string, unknown>, metaChecks, 'meta.');
  if (e) throw new FrameError(`frame "${frameName}" has invalid meta: ${e}`);
}

// Go's FrameMeta field order; every key but typeVersion is `omitempty`.
const GO_ORDER = [
  'type',
  'typeVersion',
  'path',
  'pathSeparator',
  'custom',
  'stats',
  'notices',
  'channel',
  'preferredVisualisationType',
  'preferredVisualisationPluginId',
  'executedQueryString',
  'dataTopic',
  'uniqueRowIdFields',
] as const;

/**
 * The meta object exactly as Go marshals a `FrameMeta`: Go's key order, `typeVersion` always
 * present (default `[0,0]`), empty strings/arrays and null `custom` left out. Unknown keys are
 * dropped, as a Go round trip would drop them.
 */
export function goFrameMeta(meta: FrameMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const m = meta as Record<string, unknown>;
  for (const k of GO_ORDER) {
    const v = m[k];
    if (k === 'typeVersion') {
      out[k] = v ?? [0, 0];
      continue;
    }
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (k === 'stats') {
      // Go's QueryStat.value is a plain float64: always written, null/missing become 0.
      out[k] = (v as QueryStat[]).map((st) => ({ ...st, value: st.value ?? 0 }));
      continue;
    }
    if (k === 'notices') {
      out[k] = (v as Notice[]).map((n) => {
        const o: Record<string, unknown> = { severity: n.severity, text: n.text };
        if (n.link) o.link = n.link;
        if (n.inspect) o.inspect = n.inspect;
        return o;
      });
      continue;
    }
    out[k] = v;
  }
  return out;
}
