/**
 * `format`: upstream data (JSON, CSV, page sequences) to typed Grafana frames, with inferred
 * field types, deterministic column order and long ↔ wide time series.
 * @module
 */
export { jsonToFrame, type JsonToFrameOptions } from './json';
export { csvToFrame, parseCsv, type CsvToFrameOptions } from './csv';
export { pagesToFrame, concatFrames, type PagesToFrameOptions } from './pages';
export { longToWide, wideToLong, type LongToWideOptions, type WideToLongOptions } from './series';
export { inferFieldType, convertValue, type InferOptions, type InferredType } from './infer';
export { selectJsonPath } from './json-path';
export { parseIsoTime, guessEpochUnit, isTimeName, type EpochUnit } from './time-values';
export type { FieldSpec, ToFrameOptions } from './columns';
