import { FrameError } from './errors';
import { Field, type FieldInit } from './field';
import { validateFrameMeta, type FrameMeta } from './frame-meta';

/** How to create a {@link Frame}. */
export interface FrameInit {
  /** Frame name (Arrow schema metadata `name`). Default "". */
  name?: string;
  /** The query this frame answers. The runtime fills it from the query when left empty. */
  refId?: string;
  meta?: FrameMeta;
  fields?: (Field | FieldInit)[];
}

/**
 * A Grafana data frame: named columns ({@link Field}s) of equal length, plus metadata.
 * Field names need not be unique (Grafana allows duplicates).
 *
 * @example
 * const frame = new Frame({ name: 'cpu', fields: [
 *   { name: 'time', type: 'time', values: [Date.now()] },
 *   { name: 'value', type: 'float64', values: [0.5] },
 * ] });
 */
export class Frame {
  name: string;
  refId: string;
  meta?: FrameMeta;
  fields: Field[];

  constructor(init: FrameInit = {}) {
    this.name = init.name ?? '';
    this.refId = init.refId ?? '';
    if (init.meta !== undefined) {
      validateFrameMeta(init.meta, this.name);
      this.meta = init.meta;
    }
    this.fields = (init.fields ?? []).map((f) => (f instanceof Field ? f : new Field(f)));
  }

  /** Creates a field from `init`, appends it and returns it. */
  addField(init: FieldInit): Field {
    const f = new Field(init);
    this.fields.push(f);
    return f;
  }

  /** Number of rows (the first field's length; 0 without fields). Call {@link validate} to check the rest. */
  get rowCount(): number {
    return this.fields[0]?.length ?? 0;
  }

  /**
   * Throws a {@link FrameError} when the frame cannot be sent to Grafana: fields of different
   * lengths (the message lists every field and its length) or meta Grafana would reject.
   */
  validate(): void {
    if (typeof this.name !== 'string') throw new FrameError(`frame name must be a string`);
    if (typeof this.refId !== 'string') throw new FrameError(`frame "${this.name}" refId must be a string`);
    if (this.meta !== undefined && this.meta !== null) validateFrameMeta(this.meta, this.name);
    const lengths = this.fields.map((f) => f.length);
    if (lengths.some((n) => n !== lengths[0])) {
      const list = this.fields.map((f, i) => `"${f.name}" has ${lengths[i]}`).join(', ');
      throw new FrameError(
        `frame "${this.name}" has fields of different lengths (${list} rows); every field must have the same number of rows`,
      );
    }
  }
}
