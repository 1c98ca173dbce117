import { FrameError } from './errors';

/** Throws a {@link FrameError} naming the field unless `labels` is an object of string values. */
export function validateLabels(labels: unknown, fieldName: string): Record<string, string> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new FrameError(`field "${fieldName}" labels must be an object of string values`);
  }
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== 'string')
      throw new FrameError(`field "${fieldName}" label "${k}" must be a string (got ${typeof v})`);
  }
  return labels as Record<string, string>;
}

/** Labels with keys sorted, as Go marshals a `map[string]string`. */
export function sortedLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort()) out[k] = labels[k]!;
  return out;
}
