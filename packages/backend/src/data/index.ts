/**
 * `@dsforge/backend/data`: Grafana data frames, their Arrow IPC encoding (as the Go SDK writes and
 * reads `DataResponse.frames`) and the Go SDK's frame JSON.
 */
export { FrameError } from './errors';
export { FIELD_TYPES, isFieldType, type FieldType } from './field-type';
export { Field, type FieldInit } from './field';
export { Frame, type FrameInit } from './frame';
export type { FrameMeta, Notice, QueryStat } from './frame-meta';
export type { FieldConfig, DataLink, EnumFieldConfig } from './field-config';
export type { TypedValues } from './values';
export { encodeFrame } from './arrow-encode';
export { decodeFrame } from './arrow-decode';
export { toFrameJSON, stringifyFrameJSON } from './frame-json';
export { fromFrameJSON, parseFrameJSON } from './frame-json-read';
export type {
  FrameJSON,
  FrameSchemaJSON,
  FrameDataJSON,
  FieldSchemaJSON,
  FieldEntities,
} from './frame-json-types';
