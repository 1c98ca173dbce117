import { FrameError } from './errors';
import {
  type Check,
  checkKeys,
  isArrayOf,
  isBool,
  isIntIn,
  isNum,
  isNumOrNull,
  isObj,
  isShape,
  isStr,
} from './check';

/** A data link on a field (Go `DataLink`). */
export interface DataLink {
  title?: string;
  targetBlank?: boolean;
  url?: string;
  internal?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Display options for enum fields: `text[i]` is the label of index `i`. */
export interface EnumFieldConfig {
  text: string[];
  color?: string[];
  icon?: string[];
  description?: string[];
}

/**
 * Field display configuration, as Grafana's Go SDK `FieldConfig` (JSON keys). Stored in Arrow field
 * metadata `config` and frame JSON `schema.fields[].config`. Unknown keys are passed through.
 * `min`/`max` may be `null` (Go writes NaN/±Inf as null).
 */
export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  path?: string;
  description?: string;
  filterable?: boolean;
  writeable?: boolean;
  unit?: string;
  decimals?: number;
  min?: number | null;
  max?: number | null;
  interval?: number;
  mappings?: unknown[];
  thresholds?: { mode?: string; steps?: { value: number | null; color: string; state?: string }[] };
  color?: Record<string, unknown>;
  links?: DataLink[];
  noValue?: string;
  type?: { enum?: EnumFieldConfig };
  custom?: Record<string, unknown>;
  [key: string]: unknown;
}

const strings = isArrayOf(isStr);

/** Checks for the keys Go decodes with a fixed type (a wrong type fails Grafana's whole response). */
export const fieldConfigChecks: Record<string, Check> = {
  displayName: isStr,
  displayNameFromDS: isStr,
  path: isStr,
  description: isStr,
  filterable: isBool,
  writeable: isBool,
  unit: isStr,
  decimals: isIntIn(0, 65535),
  min: isNumOrNull,
  max: isNumOrNull,
  interval: isNum,
  mappings: isArrayOf(isObj),
  thresholds: isShape({ mode: isStr, steps: isArrayOf(isShape({ value: isNumOrNull, color: isStr })) }),
  color: isObj,
  links: isArrayOf(isShape({ title: isStr, targetBlank: isBool, url: isStr, internal: isObj })),
  noValue: isStr,
  type: isShape({ enum: isShape({ text: strings, color: strings, icon: strings, description: strings }) }),
  custom: isObj,
};

/** Throws a {@link FrameError} naming the field and key when `config` would not decode in Go. */
export function validateFieldConfig(config: unknown, fieldName: string): asserts config is FieldConfig {
  const e = isObj(config) ?? checkKeys(config as Record<string, unknown>, fieldConfigChecks, '');
  if (e) throw new FrameError(`field "${fieldName}" has an invalid config: ${e}`);
}
