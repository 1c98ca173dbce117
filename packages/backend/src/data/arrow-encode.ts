import { Field as ArrowField, RecordBatch, Schema, Struct, Table, makeData, tableToIPC } from 'apache-arrow';
import { fieldToData, arrowTypeFor } from './arrow-columns';
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
  const fields = frame.fields.map(arrowField);
  const schemaMeta = new Map<string, string>();
  // Keys in sorted order, as Go's arrow.MetadataFrom writes them.
  if (frame.meta) schemaMeta.set('meta', stringifyJSONBig(goFrameMeta(frame.meta)));
  schemaMeta.set('name', frame.name);
  schemaMeta.set('refId', frame.refId);
  const schema = new Schema(fields, schemaMeta);
  const children = frame.fields.map((f) => fieldToData(f, n));
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children });
  const batch = new RecordBatch(schema, struct);
  // RecordBatch rebuilds its schema with Schema.assign, which merges fields *by name*: with
  // duplicate names (allowed in Grafana) the first field would take the last one's type and
  // metadata. Our children already have the right length, so put the exact schema back.
  (batch as { schema: Schema }).schema = schema;
  return tableToIPC(new Table(schema, [batch]), 'file');
}

function arrowField(f: Field): ArrowField {
  const md = new Map<string, string>();
  if (f.config !== undefined) md.set('config', stringifyJSONBig(f.config));
  if (f.labels !== undefined) md.set('labels', stringifyJSONBig(sortedLabels(f.labels)));
  md.set('tstype', tsTypeName(f.type));
  return new ArrowField(f.name, arrowTypeFor(f.type), f.nullable, md);
}
