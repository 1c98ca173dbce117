/**
 * The golden file text of frames: the Go SDK frame JSON of each frame (`toFrameJSON`), printed
 * with one line per field column so a changed value is a one-line diff in review. int64/uint64
 * keep every digit (bigints are written as JSON numbers).
 * @module
 */
import { toFrameJSON, type Frame } from '@dsforge/backend/data';

function scalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : 'null';
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    default:
      return v === null ? 'null' : undefined;
  }
}

/** Pretty JSON: objects one key per line, arrays of scalars on one line. */
export function pretty(v: unknown, indent = ''): string {
  const s = scalar(v);
  if (s !== undefined) return s;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const flat = v.map(scalar);
    if (flat.every((x) => x !== undefined)) return `[${flat.join(', ')}]`;
    return `[\n${v.map((x) => inner + pretty(x === undefined ? null : x, inner)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const obj = (v as { toJSON?: () => unknown }).toJSON ? (v as { toJSON: () => unknown }).toJSON() : v;
    const entries = Object.entries(obj as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`).join(',\n')}\n${indent}}`;
  }
  return 'null';
}

/** The golden text for `frames`. */
export function framesToGolden(frames: readonly Frame[]): string {
  return `${pretty(frames.map((f) => toFrameJSON(f)))}\n`;
}
