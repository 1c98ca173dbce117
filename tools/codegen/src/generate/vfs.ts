/**
 * A virtual file tree over a package folder (create-plugin's codemod context): reads go through
 * to disk, writes are recorded as `add`/`update`/`delete` changes and only `flush()` touches the
 * disk. Generation and `update` are pure functions over it; impossible operations throw.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One recorded change. */
export interface Change {
  path: string;
  action: 'add' | 'update' | 'delete';
}

/** An in-memory overlay of a folder. */
export class VirtualTree {
  private readonly pending = new Map<string, { content: string | Buffer | null; action: Change['action'] }>();

  constructor(readonly root: string) {}

  /** True when the file exists (after pending changes). */
  exists(path: string): boolean {
    const p = this.pending.get(path);
    if (p) return p.content !== null;
    return existsSync(join(this.root, path));
  }

  /** The file's content (after pending changes), or undefined when it does not exist. */
  read(path: string): Buffer | undefined {
    const p = this.pending.get(path);
    if (p) return p.content === null ? undefined : Buffer.from(p.content);
    const full = join(this.root, path);
    return existsSync(full) ? readFileSync(full) : undefined;
  }

  /** Adds a file; throws when it exists. */
  add(path: string, content: string | Buffer): void {
    if (this.exists(path)) throw new Error(`cannot add ${path}: it already exists`);
    this.pending.set(path, { content, action: 'add' });
  }

  /** Replaces a file's content; records nothing when the content is the same; throws when missing. */
  update(path: string, content: string | Buffer): void {
    const old = this.read(path);
    if (old === undefined) throw new Error(`cannot update ${path}: it does not exist`);
    if (old.equals(Buffer.from(content))) return;
    const prev = this.pending.get(path);
    this.pending.set(path, { content, action: prev?.action === 'add' ? 'add' : 'update' });
  }

  /** Deletes a file; throws when missing. */
  delete(path: string): void {
    if (!this.exists(path)) throw new Error(`cannot delete ${path}: it does not exist`);
    this.pending.set(path, { content: null, action: 'delete' });
  }

  /** The changes so far, sorted by path. */
  changes(): Change[] {
    return [...this.pending]
      .map(([path, p]) => ({ path, action: p.action }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Writes every change to disk. */
  flush(): void {
    for (const [path, p] of this.pending) {
      const full = join(this.root, path);
      if (p.content === null) rmSync(full, { force: true });
      else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, p.content);
      }
    }
    this.pending.clear();
  }
}
