/**
 * CSV (RFC 4180) to typed frames. The parser handles quoted fields, doubled quotes inside them,
 * separators and line breaks inside quotes, CRLF or LF line ends, a UTF-8 BOM and a missing final
 * line break. Cells are text; types are inferred from the text (numbers, booleans, ISO times,
 * epoch times in time-named columns) and empty cells are null.
 * @module
 */
import type { Frame } from '@dsforge/backend';

import { columnsToFrame, type ToFrameOptions } from './columns';
import { dataError } from './data-error';

/** Options for {@link csvToFrame}. */
export interface CsvToFrameOptions extends ToFrameOptions {
  /** Field separator. Default `,`. */
  delimiter?: string;
  /**
   * Whether the first record is a header row (default true). Without one, columns are named
   * by `fields` in order, else `"1"`, `"2"`, ... (spreadsheet style).
   */
  header?: boolean;
}

/**
 * Parses CSV text into records of cells. Throws a `bad_response` DsError on a quote that never
 * closes or text after a closing quote (`"a"b`), naming the line. Empty input → no records; a
 * blank last line is not a record.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new TypeError(
      `CSV delimiter must be one character other than a quote or line break (got ${JSON.stringify(delimiter)})`,
    );
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let quoted = false; // inside a quoted cell
  let afterQuote = false; // a quoted cell just closed; only a delimiter or line end may follow
  const endCell = () => {
    record.push(cell);
    cell = '';
    afterQuote = false;
  };
  const endRecord = () => {
    endCell();
    records.push(record);
    record = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === delimiter) {
      endCell();
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else if (afterQuote) {
      throw dataError(`The CSV response is malformed: text after a closing quote on line ${line}.`, { line });
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else {
      cell += c;
    }
  }
  if (quoted)
    throw dataError(`The CSV response is malformed: a quoted cell on line ${line} never closes.`, { line });
  // A final record without a line break still counts; a trailing line break adds no record.
  if (cell !== '' || record.length > 0 || afterQuote) endRecord();
  return records;
}

/**
 * Builds a frame from CSV text: the header row names the columns (duplicates get `" 2"`, `" 3"`
 * suffixes, blanks are named by position), each following record is a row. Short records are
 * padded with nulls; a record longer than the header throws a `bad_response` DsError naming the
 * line. Types are inferred from the cell text (empty cell → null); see `inferFieldType`.
 * Empty text → a frame with no rows.
 *
 * @example
 * const frame = csvToFrame('time,value\r\n2024-01-01T00:00:00Z,1.5\r\n', { name: 'csv' });
 */
export function csvToFrame(text: string, opts: CsvToFrameOptions = {}): Frame {
  const records = parseCsv(text, opts.delimiter ?? ',');
  const hasHeader = opts.header !== false;
  const width = hasHeader ? (records[0]?.length ?? 0) : Math.max(0, ...records.map((r) => r.length));
  const declared = (opts.fields ?? []).map((f) => (typeof f === 'string' ? f : f.name));
  const names = hasHeader
    ? uniqueNames(records[0] ?? [])
    : Array.from({ length: width }, (_, j) => declared[j] ?? String(j + 1));
  // A blank line is a record of one empty cell; in a multi-column CSV it is noise, not a row.
  const rows = (hasHeader ? records.slice(1) : records).filter(
    (r) => width === 1 || r.length > 1 || r[0] !== '',
  );
  const columns = names.map((name) => ({ name, values: new Array<unknown>(rows.length).fill(null) }));
  rows.forEach((r, i) => {
    if (r.length > width)
      throw dataError(
        `The CSV response is malformed: record ${i + 1} has ${r.length} cells but the header has ${width}.`,
        { record: i + 1 },
      );
    r.forEach((cell, j) => {
      columns[j]!.values[i] = cell;
    });
  });
  return columnsToFrame(columns, rows.length, { ...opts, text: true });
}

function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, j) => {
    const base = raw.trim() === '' ? String(j + 1) : raw;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} ${n}`;
  });
}
