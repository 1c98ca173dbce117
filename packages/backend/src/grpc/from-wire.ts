/** Converts generated protobuf request types into the plain objects handlers see. */
import type { CallResourceRequest } from '../call-resource';
import type { PluginContext } from '../plugin-context';
import type { RawDataQuery } from '../query-data';
import type { StreamRequest } from '../stream';
import type * as pb from './gen/pluginv2';

function ms(v: bigint | number | undefined): number {
  return Number(v ?? 0);
}

/** Queries with their JSON still as bytes (parsed later, per query, so one bad query stays isolated). */
export function queriesFromWire(queries: readonly pb.DataQuery[]): RawDataQuery[] {
  return queries.map((q) => ({
    refId: q.refId,
    queryType: q.queryType,
    maxDataPoints: ms(q.maxDataPoints),
    intervalMs: ms(q.intervalMS),
    timeRange: { from: new Date(ms(q.timeRange?.fromEpochMS)), to: new Date(ms(q.timeRange?.toEpochMS)) },
    json: q.json ?? new Uint8Array(),
  }));
}

/** A resource request; header lists copied. */
export function resourceRequestFromWire(
  req: pb.CallResourceRequest,
  plugin: PluginContext,
): CallResourceRequest {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = [...(v?.values ?? [])];
  return {
    plugin,
    path: req.path,
    method: req.method,
    url: req.url,
    headers,
    body: req.body ?? new Uint8Array(),
  };
}

/** A stream request; `data` parsed as JSON when it is (else left undefined, bytes in `rawData`). */
export function streamRequestFromWire(
  req: pb.SubscribeStreamRequest | pb.RunStreamRequest | pb.PublishStreamRequest,
  plugin: PluginContext,
): StreamRequest {
  const rawData: Uint8Array = req.data ?? new Uint8Array();
  let data: unknown;
  const text = Buffer.from(rawData.buffer, rawData.byteOffset, rawData.byteLength).toString('utf8');
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined; // not JSON: handlers read rawData
    }
  }
  return { plugin, path: req.path, data, rawData, headers: { ...req.headers } };
}
