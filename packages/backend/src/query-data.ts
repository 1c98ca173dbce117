/**
 * QueryData as handlers see it, and the runtime's processing around a handler: query JSON parsing
 * and validation, per-query error isolation, refId defaulting, frame validation and encoding, and
 * the response size limit. Nothing here knows about protobuf.
 */
import { encodeFrame, Frame } from './data';
import { toErrorResponse, type ErrorSource } from './error-source';
import type { RequestContext } from './handler';
import type { PluginContext } from './plugin-context';
import { responseLimitError } from './response-limit';

/** A query's time range. */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** A query's metadata, before its JSON is converted (given to `parseQuery`). */
export interface RawQueryInfo {
  refId: string;
  queryType: string;
  maxDataPoints: number;
  intervalMs: number;
  timeRange: TimeRange;
}

/** One query: metadata plus the query model (`query`, from `parseQuery`) and its raw parsed `json`. */
export interface DataQuery<Q = unknown> extends RawQueryInfo {
  query: Q;
  json: unknown;
}

/** A QueryData request: only queries whose JSON parsed and validated. */
export interface QueryDataRequest<Q = unknown> {
  queries: DataQuery<Q>[];
  headers: Record<string, string>;
  plugin: PluginContext;
}

/**
 * One query's answer. `status` defaults to 200 without an error, else to the error's own status
 * or 500; `errorSource` defaults to the error's own source or `plugin`.
 */
export interface DataResponse {
  frames?: Frame[];
  error?: string | Error;
  status?: number;
  errorSource?: ErrorSource;
}

/** Answers keyed by refId. */
export interface QueryDataResponse {
  responses: Record<string, DataResponse>;
}

/** The `queryData` handler. */
export type QueryDataHandler<I = unknown, Q = unknown> = (
  req: QueryDataRequest<Q>,
  ctx: RequestContext<I>,
) => Promise<QueryDataResponse>;

/** A query as it arrives, with its JSON still bytes. */
export interface RawDataQuery extends RawQueryInfo {
  json: Uint8Array;
}

/**
 * Encodes one validated frame of query `refId` for the wire: Arrow IPC by default, frame JSON when
 * Grafana asks for it.
 */
export type FrameEncoder = (frame: Frame, refId: string) => Uint8Array;

/** A finished answer, frames encoded (Arrow IPC files unless asked otherwise): what goes on the wire. */
export interface EncodedDataResponse {
  frames: Uint8Array[];
  error?: string;
  status: number;
  errorSource?: ErrorSource;
}

/** Inputs to {@link runQueryData} besides the handler. */
export interface RunQueryDataOptions<I, Q> {
  queries: RawDataQuery[];
  headers: Record<string, string>;
  ctx: RequestContext<I>;
  parseQuery?: (json: unknown, query: RawQueryInfo) => Q;
  /** Max encoded frame bytes per query. */
  responseLimit: number;
  /** Frame encoding; default Arrow IPC. */
  encodeFrame?: FrameEncoder;
}

function errorResponse(error: string, status: number, errorSource: ErrorSource): EncodedDataResponse {
  return { frames: [], error, status, errorSource };
}

/** Parses one query's JSON and runs `parseQuery`; a failure is that query's 400 answer. */
function prepareQuery<Q>(
  raw: RawDataQuery,
  parseQuery?: (json: unknown, q: RawQueryInfo) => Q,
): DataQuery<Q> | EncodedDataResponse {
  const { json: bytes, ...info } = raw;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (err) {
      return errorResponse(`query JSON is invalid: ${(err as Error).message}`, 400, 'plugin');
    }
  }
  if (!parseQuery) return { ...info, json, query: json as Q };
  try {
    return { ...info, json, query: parseQuery(json, info) };
  } catch (err) {
    const e = toErrorResponse(err);
    const ownStatus =
      (err as { status?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
    return errorResponse(e.error, ownStatus === undefined ? 400 : e.status, e.errorSource);
  }
}

/** Applies the documented defaults, validates and encodes frames, enforces the size limit. */
export function finishResponse(
  refId: string,
  res: DataResponse,
  limit: number,
  encode: FrameEncoder = encodeFrame,
): EncodedDataResponse {
  const out: EncodedDataResponse = { frames: [], status: 200 };
  if (res.error !== undefined && res.error !== '') {
    const e = toErrorResponse(res.error);
    out.error = e.error;
    out.status = res.status ?? e.status;
    out.errorSource = res.errorSource ?? e.errorSource;
  } else if (res.status !== undefined) {
    out.status = res.status;
  }
  let total = 0;
  for (const frame of res.frames ?? []) {
    try {
      if (!frame.refId) frame.refId = refId; // as the Go SDK does before marshalling
      frame.validate();
      const bytes = encode(frame, refId);
      total += bytes.byteLength;
      out.frames.push(bytes);
    } catch (err) {
      const why = (err as Error)?.message ?? String(err);
      return errorResponse(
        `frame ${JSON.stringify(frame.name ?? '')} of query ${refId} cannot be sent: ${why}`,
        500,
        'plugin',
      );
    }
  }
  if (total > limit) return errorResponse(responseLimitError(refId, total, limit), 500, 'plugin');
  return out;
}

/**
 * Runs `handler` for the valid queries of a request and returns one answer per refId. Never
 * throws: a handler throw becomes a 500 plugin error for each of its queries.
 */
export async function runQueryData<I, Q>(
  handler: QueryDataHandler<I, Q>,
  opts: RunQueryDataOptions<I, Q>,
): Promise<Record<string, EncodedDataResponse>> {
  const answers: Record<string, EncodedDataResponse> = {};
  const valid: DataQuery<Q>[] = [];
  for (const raw of opts.queries) {
    const prepared = prepareQuery(raw, opts.parseQuery);
    if ('frames' in prepared) {
      opts.ctx.logger.warn('query rejected', { refId: raw.refId, error: prepared.error });
      answers[raw.refId] = prepared;
    } else {
      valid.push(prepared);
    }
  }
  if (valid.length === 0) return answers;

  let result: QueryDataResponse;
  try {
    result = await handler({ queries: valid, headers: opts.headers, plugin: opts.ctx.plugin }, opts.ctx);
    if (
      result === null ||
      typeof result !== 'object' ||
      typeof result.responses !== 'object' ||
      result.responses === null
    ) {
      throw new Error('queryData returned no { responses } object');
    }
  } catch (err) {
    const e = toErrorResponse(err);
    opts.ctx.logger.error('queryData failed', { error: e.error, refIds: valid.map((q) => q.refId) });
    for (const q of valid) answers[q.refId] = errorResponse(e.error, e.status, e.errorSource);
    return answers;
  }

  for (const q of valid) {
    if (!(q.refId in result.responses)) {
      answers[q.refId] = errorResponse(`the plugin returned no response for query ${q.refId}`, 500, 'plugin');
    }
  }
  for (const [refId, res] of Object.entries(result.responses)) {
    const done = finishResponse(refId, res ?? {}, opts.responseLimit, opts.encodeFrame);
    if (done.error !== undefined)
      opts.ctx.logger.warn('query failed', {
        refId,
        status: done.status,
        errorSource: done.errorSource,
        error: done.error,
      });
    answers[refId] = done;
  }
  return answers;
}
