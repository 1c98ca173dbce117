/**
 * Errors for schemas that cannot be read. A `SchemaError` names the file and, where it can be
 * known, the line and column, plus a hint saying what to do.
 * @module
 */

/** Where a problem is in a schema file. Lines and columns start at 1. */
export interface SchemaLocation {
  file: string;
  line?: number;
  column?: number;
}

/**
 * A schema that cannot be read: bad YAML/JSON, a dangling `$ref`, an unknown version, no root file.
 * The message reads `file:line:column: what is wrong` followed by the hint.
 */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  /** The problem alone, without location and hint. */
  readonly problem: string;

  constructor(problem: string, where: SchemaLocation, hint?: string) {
    const loc = [where.file, where.line, where.line !== undefined ? where.column : undefined]
      .filter((p) => p !== undefined)
      .join(':');
    super(`${loc}: ${problem}${hint ? `\n  hint: ${hint}` : ''}`);
    this.problem = problem;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = hint;
  }
}

/** 1-based line and column of a character offset in a text. */
export function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Line/column of the first occurrence of `needle` in `text` (used to point at a `$ref` that
 * cannot be resolved: the parsed data keeps no positions, the text does).
 */
export function locateText(text: string, needle: string): { line?: number; column?: number } {
  const at = text.indexOf(needle);
  return at < 0 ? {} : lineColAt(text, at);
}

/** Line/column of the first match of `pattern` (e.g. a top-level key) in `text`. */
export function locatePattern(text: string, pattern: RegExp): { line?: number; column?: number } {
  const m = pattern.exec(text);
  return m ? lineColAt(text, m.index) : {};
}

/** Thrown inside an operation's conversion for constructs the reader does not support. */
export class UnsupportedError extends Error {
  override readonly name = 'UnsupportedError';
}
