/**
 * The example backend's scenarios as a query editor schema (`@dsforge/ui`), and the mapping
 * between the editor's model (`operationId` + `params`) and the JSON the backend reads
 * (`{ "scenario": ..., "rows": ..., "bytes": ..., "frames": ... }`).
 * @module
 */
import type { QueryEditorSchema, SchemaQuery } from '@dsforge/ui';

/** A query of the example datasource: the editor's model plus the fields the backend reads. */
export interface ExampleQuery extends SchemaQuery {
  scenario?: string;
  rows?: number;
  bytes?: number;
  frames?: number;
}

/** One operation per backend scenario (`src/backend/scenarios.ts`). */
export const scenarioSchema: QueryEditorSchema = {
  operations: [
    {
      id: 'rows',
      label: 'Rows',
      description:
        'A time series: time from the range start in 1 s steps, value = row × 1.5, label series-0…9.',
      params: [
        { name: 'rows', in: 'query', type: 'integer', default: 100, description: 'How many rows to return' },
      ],
      fields: ['time', 'value', 'label'],
    },
    {
      id: 'all_types',
      label: 'All field types',
      description: 'The Go SDK golden frame with every field type.',
      params: [],
    },
    {
      id: 'multi_frame',
      label: 'Several frames',
      description:
        'One frame per series (series-0, series-1, …), three rows each, value labelled with its series.',
      params: [
        {
          name: 'frames',
          in: 'query',
          type: 'integer',
          default: 3,
          description: 'How many frames to return (at most 1000)',
        },
      ],
      fields: ['time', 'value'],
    },
    {
      id: 'error',
      label: 'Upstream error',
      description: 'A per-query 400 error from the "upstream".',
      params: [],
    },
    {
      id: 'throw',
      label: 'Handler throws',
      description: 'The handler throws; only this query fails.',
      params: [],
    },
    {
      id: 'slow',
      label: 'Slow',
      description: 'Never answers; cancel it to see cancellation counted.',
      params: [],
    },
    {
      id: 'big',
      label: 'Big response',
      description: 'One string field of about the given size, to hit the response limit.',
      params: [
        {
          name: 'bytes',
          in: 'query',
          type: 'integer',
          default: 1048576,
          description: 'Approximate response size in bytes',
        },
      ],
    },
    {
      id: 'mismatch',
      label: 'Mismatched fields',
      description: 'A frame whose fields differ in length.',
      params: [],
    },
  ],
};

/**
 * The query with `scenario` and the scenario's parameters at the top level, where the backend
 * reads them. Stored that way, a saved query is complete without the frontend (alerting).
 */
export function withBackendFields(query: ExampleQuery): ExampleQuery {
  const next: ExampleQuery = { ...query, scenario: query.operationId || undefined };
  delete next.rows;
  delete next.bytes;
  delete next.frames;
  for (const key of ['rows', 'bytes', 'frames'] as const) {
    const v = query.params?.[key];
    if (typeof v === 'number') next[key] = v;
  }
  return next;
}
