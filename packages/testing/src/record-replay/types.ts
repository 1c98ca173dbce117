/** The fixture file format of record/replay: one recorded exchange per JSON file. */

/** A body as stored: UTF-8 text when it is text, else base64. */
export interface StoredBody {
  encoding: 'utf8' | 'base64';
  data: string;
}

/** One recorded request and its response (after scrubbing). */
export interface RecordedExchange {
  v: 1;
  request: {
    method: string;
    /** Path without the query string. */
    path: string;
    /** Query parameters in order (scrubbed values are `[scrubbed]`). */
    query: [string, string][];
    headers: Record<string, string>;
    body: StoredBody;
  };
  response: {
    status: number;
    headers: Record<string, string>;
    body: StoredBody;
  };
}

/** What a scrubbed value is replaced by. */
export const SCRUBBED = '[scrubbed]';
