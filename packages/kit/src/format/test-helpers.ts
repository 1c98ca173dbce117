/**
 * Test helper: a frame as plain data (bigints as strings, times as ISO strings) so tests compare
 * whole frames with `toEqual` — the golden expectation is the literal in the test.
 * @internal
 * @module
 */
import type { Frame } from '@dsforge/backend';

/** Plain summary of a field. */
export interface FieldSummary {
  name: string;
  type: string;
  nullable?: true;
  labels?: Record<string, string>;
  values: unknown[];
}

/** Summarises a frame: fields with name, type, nullable (only when true), labels and values. */
export function summarise(frame: Frame): FieldSummary[] {
  frame.validate();
  return frame.fields.map((f) => {
    const s: FieldSummary = {
      name: f.name,
      type: f.type,
      values: f.values.map((v) =>
        v === null ? null : f.type === 'time' ? nsToIso(v as bigint) : typeof v === 'bigint' ? `${v}n` : v,
      ),
    };
    if (f.nullable) s.nullable = true;
    if (f.labels) s.labels = f.labels;
    return s;
  });
}

/** Epoch ns → ISO string, keeping sub-millisecond digits when present. */
export function nsToIso(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const rest = ns % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return rest === 0n ? iso : iso.replace('Z', `${String(rest).padStart(6, '0')}Z`);
}
