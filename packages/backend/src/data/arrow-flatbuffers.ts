/**
 * A minimal FlatBuffers builder for the Arrow IPC metadata the encoder writes (Schema, Message,
 * Footer). It builds back to front like the reference builder: children (strings, vectors,
 * tables) are added before the table that points at them, and offsets are "bytes used so far".
 *
 * Why not apache-arrow's writer: for the small frames a dashboard query returns, its generic
 * machinery (visitors, Table/RecordBatch objects, a TextEncoder call per string) cost ~100 µs per
 * 100-row frame, the largest CPU item of a QueryData request; this builder does the same work in
 * a few µs and allocates one buffer.
 */

const textBytes = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Back-to-front FlatBuffers builder: scalars, strings, vectors of offsets/structs, tables. */
export class FbBuilder {
  #buf: Uint8Array;
  #view: DataView;
  /** Write position: bytes are written below it, toward index 0. */
  #space: number;
  #minAlign = 1;
  #vtable: number[] = [];
  #objectStart = 0;

  constructor(initial = 1024) {
    this.#buf = new Uint8Array(initial);
    this.#view = new DataView(this.#buf.buffer);
    this.#space = initial;
  }

  /** Bytes written so far; what the reference builder calls an offset. */
  offset(): number {
    return this.#buf.length - this.#space;
  }

  #grow(need: number): void {
    const used = this.offset();
    let size = this.#buf.length * 2;
    while (size - used < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(this.#space), size - used);
    this.#buf = next;
    this.#view = new DataView(next.buffer);
    this.#space = size - used;
  }

  /** Pads so that after `additional` more bytes the next `size`-byte scalar is aligned. */
  prep(size: number, additional: number): void {
    if (size > this.#minAlign) this.#minAlign = size;
    const pad = (~(this.offset() + additional) + 1) & (size - 1);
    if (this.#space < pad + size + additional) this.#grow(pad + size + additional);
    for (let i = 0; i < pad; i++) this.#buf[--this.#space] = 0;
  }

  int8(v: number): void {
    this.prep(1, 0);
    this.#view.setInt8((this.#space -= 1), v);
  }
  int16(v: number): void {
    this.prep(2, 0);
    this.#view.setInt16((this.#space -= 2), v, true);
  }
  int32(v: number): void {
    this.prep(4, 0);
    this.#view.setInt32((this.#space -= 4), v, true);
  }
  /** A non-negative int64 below 2^53 (sizes and offsets), written as two 32-bit halves. */
  int64(v: number): void {
    this.prep(8, 0);
    this.#space -= 8;
    this.#view.setUint32(this.#space, v >>> 0, true);
    this.#view.setUint32(this.#space + 4, Math.floor(v / 0x100000000), true);
  }
  /** Zero bytes inside a struct (its own padding). */
  pad(n: number): void {
    for (let i = 0; i < n; i++) this.#buf[--this.#space] = 0;
  }

  /** A uoffset to something added earlier (`target` is its {@link offset}). */
  uoffset(target: number): void {
    this.prep(4, 0);
    const rel = this.offset() - target + 4; // from the offset's own position to the target
    this.#view.setInt32((this.#space -= 4), rel, true);
  }

  string(s: string): number {
    const bytes = textBytes(s);
    this.int8(0); // NUL terminator, not counted in the length
    this.prep(4, bytes.length);
    this.#space -= bytes.length;
    this.#buf.set(bytes, this.#space);
    this.#view.setInt32((this.#space -= 4), bytes.length, true);
    return this.offset();
  }

  /** A vector of offsets to objects added earlier. */
  offsetVector(targets: readonly number[]): number {
    this.prep(4, 4 * targets.length);
    for (let i = targets.length - 1; i >= 0; i--) this.uoffset(targets[i]!);
    this.#view.setInt32((this.#space -= 4), targets.length, true);
    return this.offset();
  }

  /**
   * A vector of `count` structs of `size` bytes aligned to `align`; `writeStruct(i)` writes struct
   * i back to front (last field first). Called for i = count-1 … 0.
   */
  structVector(count: number, size: number, align: number, writeStruct: (i: number) => void): number {
    this.prep(4, size * count);
    this.prep(align, size * count);
    for (let i = count - 1; i >= 0; i--) writeStruct(i);
    this.#view.setInt32((this.#space -= 4), count, true);
    return this.offset();
  }

  startTable(fields: number): void {
    this.#vtable = new Array<number>(fields).fill(0);
    this.#objectStart = this.offset();
  }

  /** Marks the value just written as table field `slot`. */
  slot(slot: number): void {
    this.#vtable[slot] = this.offset();
  }

  fieldInt8(slot: number, v: number): void {
    this.int8(v);
    this.slot(slot);
  }
  fieldInt16(slot: number, v: number): void {
    this.int16(v);
    this.slot(slot);
  }
  fieldInt32(slot: number, v: number): void {
    this.int32(v);
    this.slot(slot);
  }
  fieldInt64(slot: number, v: number): void {
    this.int64(v);
    this.slot(slot);
  }
  fieldOffset(slot: number, target: number): void {
    this.uoffset(target);
    this.slot(slot);
  }

  /** Writes the table's vtable (not shared: a few bytes, and simpler) and returns the table. */
  endTable(): number {
    this.int32(0); // soffset to the vtable, patched below
    const table = this.offset();
    let n = this.#vtable.length;
    while (n > 0 && this.#vtable[n - 1] === 0) n--;
    for (let i = n - 1; i >= 0; i--) {
      const at = this.#vtable[i]!;
      this.int16(at !== 0 ? table - at : 0);
    }
    this.int16(table - this.#objectStart);
    this.int16((n + 2) * 2);
    const vtable = this.offset();
    this.#view.setInt32(this.#buf.length - table, vtable - table, true);
    return table;
  }

  /** Finishes with `root` as the root table and returns the bytes (a view of the buffer). */
  finish(root: number): Uint8Array {
    this.prep(this.#minAlign, 4);
    this.uoffset(root);
    return this.#buf.subarray(this.#space);
  }
}
