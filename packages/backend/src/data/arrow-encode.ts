import { fieldToData, arrowTypeFor } from './arrow-columns';
import { writeIpcFile, type IpcField } from './arrow-ipc';
import type { Field } from './field';
import { tsTypeName } from './field-type';
import type { Frame } from './frame';
import { goFrameMeta } from './frame-meta';
import { stringifyJSONBig } from './json-bigint';
import { sortedLabels } from './labels';

/**
 * Encodes a frame as an Arrow IPC **file** (magic `ARROW1`, footer), the way Grafana's Go SDK
 * writes `DataResponse.frames`: one record batch; schema metadata `name`, `refId` (always) and
 * `meta` (JSON, when set); field metadata `tstype` (always), `labels`/`config` (JSON, when set);
 * the Arrow field name is the Grafana field name. Validates first ({@link Frame.validate}).
 *
 * @throws FrameError when the frame is invalid (different field lengths, a null in a
 * non-nullable field, a wrong value, invalid meta).
 */
export function encodeFrame(frame: Frame): Uint8Array {
  frame.validate();
  const n = frame.rowCount;
  // Keys in sorted order, as Go's arrow.MetadataFrom writes them.
  const schemaMeta: [string, string][] = [];
  if (frame.meta) schemaMeta.push(['meta', stringifyJSONBig(goFrameMeta(frame.meta))]);
  schemaMeta.push(['name', frame.name], ['refId', frame.refId]);
  // Written by our own IPC writer (arrow-ipc.ts), not apache-arrow's tableToIPC: ~100 µs → ~15 µs
  // for a 100-row frame, and far less garbage per QueryData request. Fields are written exactly
  // as given, so duplicate names (allowed in Grafana) keep their own types and metadata.
  return writeIpcFile(
    frame.fields.map(ipcField),
    schemaMeta,
    n,
    frame.fields.map((f) => fieldToData(f, n)),
  );
}

function ipcField(f: Field): IpcField {
  const md: [string, string][] = [];
  if (f.config !== undefined) md.push(['config', stringifyJSONBig(f.config)]);
  if (f.labels !== undefined) md.push(['labels', stringifyJSONBig(sortedLabels(f.labels))]);
  md.push(['tstype', tsTypeName(f.type)]);
  return { name: f.name, nullable: f.nullable, type: arrowTypeFor(f.type), metadata: md };
}
